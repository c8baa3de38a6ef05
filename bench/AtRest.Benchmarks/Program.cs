using BenchmarkDotNet.Running;

namespace AtRest.Benchmarks;

internal static class Program
{
    // dotnet run -c Release --project bench/AtRest.Benchmarks -- --filter '*'
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
