using AtRest.Benchmarks.Encryption;
using AtRest.Benchmarks.Load;
using BenchmarkDotNet.Running;

namespace AtRest.Benchmarks;

internal static class Program
{
    // dotnet run -c Release --project bench/AtRest.Benchmarks -- --filter '*'      (BenchmarkDotNet micro-benchmarks)
    // dotnet run -c Release --project bench/AtRest.Benchmarks -- storage [seconds] (backend load)
    // dotnet run -c Release --project bench/AtRest.Benchmarks -- api [seconds]     (HTTPS load on the real server)
    // dotnet run -c Release --project bench/AtRest.Benchmarks -- kms [seconds]     (KMS v2 vs aesgcm, plugin RPC latency)
    // dotnet run -c Release --project bench/AtRest.Benchmarks -- kms-write [rounds] [seconds] (KMS v2 write cost by stage)
    // dotnet run -c Release --project bench/AtRest.Benchmarks -- reencrypt [objects] [pipeline objects] (re-encryption vs kubectl replace)
    // dotnet run -c Release --project bench/AtRest.Benchmarks -- rbac [seconds] [rounds] (non-admin create/get, 1,000 bindings + audit vs none)
    private static async Task Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "api":
                await ApiLoadBenchmark.RunAsync(args);
                break;
            case "kms":
                await KmsLoadBenchmark.RunAsync(args);
                break;
            case "kms-write":
                await KmsWriteBenchmark.RunAsync(args);
                break;
            case "reencrypt":
                await ReencryptBenchmark.RunAsync(args);
                break;
            case "rbac":
                await RbacLoadBenchmark.RunAsync(args);
                break;
            case "storage":
                await StorageLoadBenchmark.RunAsync(args);
                break;
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                break;
        }
    }
}
