// Public API of the memcached backends.

export type { Backend, BackendKind, MemcachedStartOptions, MemcachedTlsSettings, NetworkEndpoint, StartedServer } from "./backend.ts";
export { ServerStartError } from "./server-start-error.ts";
export { selectBackend, type BackendPreference, type SelectedBackend } from "./select-backend.ts";
export { ContainersBackend } from "./containers/containers-backend.ts";
export { MemcachedContainer, StartedMemcachedContainer } from "./containers/memcached-container.ts";
export { MemcachedGroupContainer, MemcachedGroupMember, StartedMemcachedGroup, type GroupMemberResult } from "./containers/memcached-group-container.ts";
export { LocalBackend } from "./local/local-backend.ts";
export { LocalMemcachedServer } from "./local/memcached-process.ts";
export { DockerEngineUnavailableError } from "../engine/docker-engine.ts";
