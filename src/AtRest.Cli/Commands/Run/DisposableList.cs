namespace AtRest.Cli.Commands.Run;

/// <summary>Disposes a group of registrations together.</summary>
internal static class DisposableList
{
    /// <summary>One disposable for all of <paramref name="items"/>.</summary>
    public static IDisposable AsDisposable(this IReadOnlyList<IDisposable> items) => new Group(items);

    private sealed class Group(IReadOnlyList<IDisposable> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}
