#!/usr/bin/env bash
# Encrypt/decrypt throughput of AtRest's transformer chains beside OpenSSL, in one run on one core.
#   bench/crypto-vs-openssl.sh            full BenchmarkDotNet job (several minutes)
#   JOB=short bench/crypto-vs-openssl.sh  BenchmarkDotNet's short job
# Prints a markdown table: our MB/s, the bare .NET cipher's, OpenSSL's (`openssl speed -evp`), our rate as a
# ratio of OpenSSL's, the chain's overhead over the bare cipher, and bytes allocated per operation.
# secretbox (XSalsa20-Poly1305) has no OpenSSL EVP cipher; it is compared with chacha20-poly1305, its closest kin.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
core="${CORE:-1}"
job="${JOB:-default}"
out="$here/.build/bench/crypto"
rm -rf "$out" && mkdir -p "$out"

dotnet build bench/AtRest.Benchmarks -c Release -nologo -v quiet -clp:ErrorsOnly -o "$out/bin"
(cd "$out" && taskset -c "$core" dotnet bin/AtRest.Benchmarks.dll --filter '*TransformerBenchmarks*' \
  --job "$job" --exporters json --artifacts "$out/artifacts" >"$out/bdn.log")

for alg in aes-256-gcm aes-256-cbc chacha20-poly1305; do
  for size in 1024 16384 65536; do
    for mode in encrypt decrypt; do
      flag=""; [ "$mode" = decrypt ] && flag="-decrypt"
      rate=$(taskset -c "$core" openssl speed -elapsed -mr -seconds 2 -bytes "$size" $flag -evp "$alg" 2>/dev/null \
        | awk -F: '/^\+F:/ {print $4}')
      echo "$alg $size $mode $rate" >>"$out/openssl.txt"
    done
  done
done

python3 - "$out" <<'PY'
import glob, json, sys
out = sys.argv[1]
openssl = {}
for line in open(f"{out}/openssl.txt"):
    alg, size, mode, rate = line.split()
    openssl[(alg, int(size), mode)] = float(rate) / 1e6
report = json.load(open(glob.glob(f"{out}/artifacts/results/*TransformerBenchmarks-report-full-compressed.json")[0]))
rows = {}
for b in report["Benchmarks"]:
    params = dict(p.split("=") for p in b["Parameters"].split("&"))
    rows[(params["Provider"], int(params["Size"]), b["Method"])] = (b["Statistics"]["Mean"], b["Memory"]["BytesAllocatedPerOperation"])
peer = {"aesgcm": "aes-256-gcm", "aescbc": "aes-256-cbc", "secretbox": "chacha20-poly1305"}
print("| provider | op | size | AtRest MB/s | bare .NET MB/s | OpenSSL MB/s | AtRest/OpenSSL | chain overhead ns | allocated B/op |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for provider in ["aescbc", "aesgcm", "secretbox"]:
    for op, raw in [("Encrypt", "RawEncrypt"), ("Decrypt", "RawDecrypt")]:
        for size in [1024, 16384, 65536]:
            if (provider, size, op) not in rows:
                continue
            ns, alloc = rows[(provider, size, op)]
            raw_ns, _ = rows[(provider, size, raw)]
            ssl = openssl.get((peer[provider], size, op.lower()))
            ours = size / ns * 1e3
            print(f"| {provider} | {op.lower()} | {size} | {ours:,.0f} | {size / raw_ns * 1e3:,.0f} | {ssl:,.0f} | {ours / ssl:.2f} | {ns - raw_ns:,.0f} | {alloc:,} |")
PY
