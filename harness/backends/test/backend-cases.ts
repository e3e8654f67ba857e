// The table of both backends that the tests pass to `describe.each`.

import type { Backend, BackendKind } from "../backend.ts";
import { ContainersBackend } from "../containers/containers-backend.ts";
import { LocalBackend } from "../local/local-backend.ts";
import type { EngineAvailability } from "./engine-availability.ts";

export interface BackendCase {
  kind: BackendKind;
  create: () => Promise<Backend>;
  /** True for the containers backend when no Docker engine responds. */
  skip: boolean;
  /** The skip reason, for the describe title, or "" when the case runs. */
  note: string;
}

/** Returns one case per backend: local always runs, containers only with an engine. */
export function backendCases(engine: EngineAvailability): BackendCase[] {
  return [
    { kind: "local", create: () => LocalBackend.create(), skip: false, note: "" },
    { kind: "containers", create: () => ContainersBackend.create(), skip: !engine.available, note: engine.skipReason },
  ];
}
