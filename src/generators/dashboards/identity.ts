/**
 * Stable panel identity. `id` hashes the slug and the panel's semantic signature (type, sorted
 * expressions, unit, datasource type, title) into 1..2^31-1, unique within the dashboard;
 * `panel_uuid` hashes the slug and a title-free identity, so a retitle is a rename.
 */
import { canonicalJson, sha256Hex } from '../../core/hash';

const MAX_ID = 0x7fffffff;

export interface SignatureInput {
  type: string;
  title: string;
  exprs: readonly string[];
  unit?: string;
  datasourceType?: string;
}

/** Canonical JSON of the semantic signature: layout, ids, options and refIds do not count. */
export function panelSignature(p: SignatureInput): string {
  return canonicalJson({ ds: p.datasourceType ?? null, exprs: [...p.exprs].sort(), title: p.title, type: p.type, unit: p.unit ?? null });
}

/**
 * Assigns ids and uuids in call order. Collisions are resolved deterministically: the n-th
 * retry hashes `<input>#<n>`, so the first panel with a signature keeps the plain hash.
 */
export class PanelIdentities {
  private readonly ids = new Set<number>();
  private readonly uuids = new Set<string>();

  constructor(private readonly slug: string) {}

  /** Integer id in 1..2^31-1, unique within this dashboard. */
  id(signature: string): number {
    for (let n = 0; ; n++) {
      const h = sha256Hex(`${this.slug}\n${signature}${n ? `#${n}` : ''}`);
      const id = (parseInt(h.slice(0, 8), 16) & MAX_ID) || 1;
      if (!this.ids.has(id)) {
        this.ids.add(id);
        return id;
      }
    }
  }

  /** 16-hex uuid from the title-free identity, unique within this dashboard. */
  uuid(identity: string): string {
    for (let n = 0; ; n++) {
      const u = sha256Hex(`${this.slug}\n${identity}${n ? `#${n}` : ''}`).slice(0, 16);
      if (!this.uuids.has(u)) {
        this.uuids.add(u);
        return u;
      }
    }
  }
}
