namespace Slice.Cli;

/// <summary>The command line after parsing: which options were given (in order) and the positionals.</summary>
internal sealed class ParsedArgs
{
    private readonly Dictionary<string, string?> _values = [];
    private string? _range;

    /// <summary>Option ids in command-line order.</summary>
    public List<string> Given { get; } = [];

    public string? Range
    {
        get => _range;
        set
        {
            _range = value;
            RangeOrder = Given.Count;
        }
    }

    /// <summary>How many options preceded RANGE (values are validated in command-line order).</summary>
    public int RangeOrder { get; private set; }

    public List<string> Files { get; } = [];

    public bool Has(string id) => _values.ContainsKey(id);

    public string? Value(string id) => _values.GetValueOrDefault(id);

    public void Set(string id, string? value)
    {
        _values[id] = value;
        Given.Add(id);
    }
}
