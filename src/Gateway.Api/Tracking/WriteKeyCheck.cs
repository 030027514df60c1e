using Lyss.UserGrains.Credentials;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>A presented write key: whose it is (null: none), or that its address may not look up more keys now (429).</summary>
public readonly record struct WriteKeyCheck(ResolvedCredential? Key, bool Throttled);
