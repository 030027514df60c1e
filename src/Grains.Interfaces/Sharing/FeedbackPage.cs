using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Sharing;

[GenerateSerializer, Immutable, Alias("lyss.sharing.FeedbackPage")]
public sealed record FeedbackPage(
    [property: Id(0)] Page<FeedbackView> Page,
    [property: Id(1)] double? AverageRating);
