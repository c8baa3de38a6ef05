namespace AtRest.ApiServer.Selectors;

/// <summary>The operators of a label selector requirement.</summary>
internal enum LabelOperator
{
    /// <summary><c>key</c>: the label exists.</summary>
    Exists,

    /// <summary><c>!key</c>: the label does not exist.</summary>
    DoesNotExist,

    /// <summary><c>key=v</c>, <c>key==v</c>, <c>key in (a,b)</c>.</summary>
    In,

    /// <summary><c>key!=v</c>, <c>key notin (a,b)</c>: true also when the label is absent.</summary>
    NotIn,

    /// <summary><c>key&gt;n</c>.</summary>
    GreaterThan,

    /// <summary><c>key&lt;n</c>.</summary>
    LessThan,
}
