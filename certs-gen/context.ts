// What every variant builder sees: the kit's settings and windows, the shared key pool, and the
// authorities, each created on first use and only once.

import type { CertificateAuthority } from "./authority.ts";
import { AUTHORITIES } from "./authorities.ts";
import { KeyPool, type KeyPair } from "./keys.ts";
import type { KeyType, KitKeyType } from "./manifest.ts";
import { kitWindows, type KitWindows } from "./windows.ts";

export interface KitSettings {
  keyType: KitKeyType;
  ips: readonly string[];
  dns: readonly string[];
  chain: boolean;
  now: Date;
}

export class KitContext {
  readonly settings: KitSettings;
  readonly windows: KitWindows;
  readonly keys = new KeyPool();
  readonly #authorities = new Map<string, Promise<CertificateAuthority>>();

  constructor(settings: KitSettings) {
    this.settings = settings;
    this.windows = kitWindows(settings.now);
  }

  authority(id: string): Promise<CertificateAuthority> {
    let ca = this.#authorities.get(id);
    if (!ca) {
      const definition = AUTHORITIES.find((a) => a.id === id);
      if (!definition) throw new Error(`unknown authority ${id}`);
      ca = definition.build(this);
      this.#authorities.set(id, ca);
    }
    return ca;
  }

  /** Ids of the authorities created so far, in catalog order. */
  get authorityIds(): string[] {
    return AUTHORITIES.map((a) => a.id).filter((id) => this.#authorities.has(id));
  }

  /** The issuer of valid leaves: ca.intermediate with --chain, else ca.root. */
  leafIssuerId(): string {
    return this.settings.chain ? "ca.intermediate" : "ca.root";
  }

  /** The leaf key shared by every variant of that key type that needs no key of its own. */
  leafKey(type: KeyType = this.settings.keyType): Promise<KeyPair> {
    return this.keys.get("leaf", type);
  }
}
