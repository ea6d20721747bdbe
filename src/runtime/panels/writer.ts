/**
 * Writes enveloped panel JSON atomically to `<data-dir>/panels/<name>_enveloped.json` plus
 * `manifest.json`, publishes each panel's top-level diff on the bus, and feeds the panel metrics.
 * Bare legacy `<name>.json` files only when legacy compatibility is on.
 */
import { join } from 'node:path';
import { canonicalJson, contentHash16 } from '../../core/hash';
import { staleTempNote, writeFileAtomic } from '../../output/write-file';
import type { EventBus } from '../events/bus';
import type { G6Metrics } from '../metrics/accessors';
import { PANEL_NAMES, type PanelName } from './build';

/** The envelope every panel file carries. `meta.hash` is the 16-hex canonical hash of `data`. */
export interface PanelEnvelope {
  panel: PanelName;
  version: 1;
  /** Cycle clock time the data describes, ISO-8601 UTC. */
  generated_at: string;
  /** Wall-clock time of the write, ISO-8601 UTC. */
  updated_at: string;
  data: unknown;
  meta: { source: string; schema: string; hash: string };
}

export interface PanelManifest {
  schema_version: 1;
  generator: 'g6 run';
  cycle: number;
  updated_at: string;
  files: string[];
  /** File name → meta.hash of its envelope. */
  hashes: Record<string, string>;
}

/** Schema id of a panel (the `$id` of src/runtime/panels/schemas/<name>.schema.json). */
export function panelSchemaId(name: PanelName): string {
  return `g6.panel.${name}.v1`;
}

/** Build the envelope of one panel (pure). */
export function envelopePanel(name: PanelName, data: unknown, source: string, generatedAt: string, updatedAt: string): PanelEnvelope {
  return { panel: name, version: 1, generated_at: generatedAt, updated_at: updatedAt, data, meta: { source, schema: panelSchemaId(name), hash: contentHash16(data ?? {}) } };
}

/** Top-level keys of `next` that differ from `prev` (by canonical JSON), and keys that vanished. */
export function diffTopLevel(prev: Record<string, unknown> | undefined, next: Record<string, unknown>): { changed: Record<string, unknown>; removed: string[] } | null {
  const changed: Record<string, unknown> = {};
  const removed: string[] = [];
  for (const [k, v] of Object.entries(next)) if (!prev || canonicalJson(prev[k] ?? null) !== canonicalJson(v ?? null)) changed[k] = v;
  if (prev) for (const k of Object.keys(prev)) if (!(k in next)) removed.push(k);
  return Object.keys(changed).length > 0 || removed.length > 0 ? { changed, removed } : null;
}

export interface PanelWriterOptions {
  dir: string;
  legacyCompat: boolean;
  metrics: Pick<G6Metrics, 'panelDiffWritesTotal' | 'panelDiffBytesTotal' | 'panelFullBytesTotal' | 'panelWriteErrorsTotal'>;
  bus: EventBus;
  warn(message: string): void;
}

/** Stateful writer: remembers the previous data per panel for diffs. A failed write is counted, logged once per panel, never thrown. */
export class PanelWriter {
  private readonly previous = new Map<PanelName, Record<string, unknown>>();
  private readonly warned = new Set<string>();

  constructor(private readonly opts: PanelWriterOptions) {}

  /** Write all panels of one cycle, then the manifest. Returns the manifest. */
  write(cycle: number, panels: Record<PanelName, unknown>, source: string, generatedAt: string, updatedAt: string): PanelManifest {
    const hashes: Record<string, string> = {};
    for (const name of PANEL_NAMES) {
      const data = panels[name];
      const env = envelopePanel(name, data, source, generatedAt, updatedAt);
      const file = `${name}_enveloped.json`;
      const text = `${JSON.stringify(env, null, 2)}\n`;
      if (this.tryWrite(name, file, text)) {
        hashes[file] = env.meta.hash;
        this.opts.metrics.panelFullBytesTotal.inc({ panel: name }, Buffer.byteLength(text));
      }
      if (this.opts.legacyCompat) this.tryWrite(name, `${name}.json`, `${JSON.stringify(data, null, 2)}\n`);
      const rec = (data ?? {}) as Record<string, unknown>;
      const diff = diffTopLevel(this.previous.get(name), rec);
      this.previous.set(name, rec);
      if (diff) {
        const payload = { panel: name, cycle, hash: env.meta.hash, ...diff };
        this.opts.metrics.panelDiffWritesTotal.inc({ panel: name });
        this.opts.metrics.panelDiffBytesTotal.inc({ panel: name }, Buffer.byteLength(JSON.stringify(payload)));
        this.opts.bus.publish('panels', 'panel_diff', payload);
      }
    }
    const files = Object.keys(hashes).sort();
    const manifest: PanelManifest = { schema_version: 1, generator: 'g6 run', cycle, updated_at: updatedAt, files, hashes: Object.fromEntries(files.map((f) => [f, hashes[f] as string])) };
    this.tryWrite('unified_snapshot', 'manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  }

  private tryWrite(panel: PanelName, file: string, text: string): boolean {
    try {
      for (const stale of writeFileAtomic(join(this.opts.dir, file), text)) this.opts.warn(`panels: ${staleTempNote(stale)}`);
      return true;
    } catch (err) {
      this.opts.metrics.panelWriteErrorsTotal.inc({ panel });
      if (!this.warned.has(file)) {
        this.warned.add(file);
        this.opts.warn(`panel ${file}: write failed (${(err as Error).message}); further failures are only counted`);
      }
      return false;
    }
  }
}
