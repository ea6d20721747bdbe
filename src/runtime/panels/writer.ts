/**
 * Writes enveloped panel JSON atomically to `<data-dir>/panels/<name>_enveloped.json` when it
 * changed, plus `manifest.json` every cycle, publishes each panel's top-level diff on the bus, and feeds the panel metrics.
 * Bare legacy `<name>.json` files only when legacy compatibility is on.
 */
import { join } from 'node:path';
import { canonicalJson, contentHash16, sha256Hex } from '../../core/hash';
import { staleTempNote, writeFileAtomicAsync } from '../../output/write-file';
import type { EventBus } from '../events/bus';
import type { G6Metrics } from '../metrics/accessors';
import { PANEL_NAMES, type PanelName } from './build';

/** The envelope every panel file carries. `meta.hash` is the 16-hex canonical hash of `data`. */
export interface PanelEnvelope {
  panel: PanelName;
  version: 1;
  /** Clock time of the cycle that wrote this data (the file is not rewritten while its data stays the same), ISO-8601 UTC. */
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

/** Build the envelope of one panel (pure); `hash` is that of `data` when the caller has it. */
export function envelopePanel(name: PanelName, data: unknown, source: string, generatedAt: string, updatedAt: string, hash = contentHash16(data ?? {})): PanelEnvelope {
  return { panel: name, version: 1, generated_at: generatedAt, updated_at: updatedAt, data, meta: { source, schema: panelSchemaId(name), hash } };
}

/** Canonical JSON of each top-level member of `data` (a member holding undefined is absent, as in JSON): what panel diffs compare. */
export function memberTexts(data: Record<string, unknown>): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [k, v] of Object.entries(data)) if (v !== undefined) texts.set(k, canonicalJson(v));
  return texts;
}

/** Top-level keys of `next` whose {@link memberTexts} differ from `prev`, and keys that vanished. */
export function diffTopLevel(prev: ReadonlyMap<string, string> | undefined, nextTexts: ReadonlyMap<string, string>, next: Record<string, unknown>): { changed: Record<string, unknown>; removed: string[] } | null {
  const changed: Record<string, unknown> = {};
  const removed: string[] = [];
  for (const [k, text] of nextTexts) if (prev?.get(k) !== text) changed[k] = next[k];
  if (prev) for (const k of prev.keys()) if (!nextTexts.has(k)) removed.push(k);
  return Object.keys(changed).length > 0 || removed.length > 0 ? { changed, removed } : null;
}

export interface PanelWriterOptions {
  dir: string;
  legacyCompat: boolean;
  metrics: Pick<G6Metrics, 'panelDiffWritesTotal' | 'panelDiffBytesTotal' | 'panelFullBytesTotal' | 'panelWriteErrorsTotal'>;
  bus: EventBus;
  warn(message: string): void;
}

/**
 * Stateful writer: remembers, in memory, what it last wrote to each file, and rewrites a file only
 * when that changes: an envelope when its data or source differ (its generated_at and updated_at
 * then stay those of the write that last changed it), a legacy file when its text differs. The
 * manifest, which names the cycle, is written every time. A failed write is counted, logged once
 * per file, never thrown, and tried again next time.
 */
export class PanelWriter {
  /** Each panel's data of the previous call: canonical JSON, whole and by member. */
  private readonly previous = new Map<PanelName, { canonical: string; texts: Map<string, string> }>();
  /** File name → what was last written to it (see {@link PanelWriter}). */
  private readonly written = new Map<string, string>();
  private readonly warned = new Set<string>();

  constructor(private readonly opts: PanelWriterOptions) {}

  /**
   * Write the panels of one cycle that changed, one file after the other off the event loop, then
   * the manifest. Resolves with the manifest; never rejects. Calls must not overlap (await each).
   */
  async write(cycle: number, panels: Record<PanelName, unknown>, source: string, generatedAt: string, updatedAt: string): Promise<PanelManifest> {
    const hashes: Record<string, string> = {};
    for (const name of PANEL_NAMES) {
      const data = panels[name];
      const canonical = canonicalJson(data ?? {});
      const hash = sha256Hex(canonical).slice(0, 16);
      const file = `${name}_enveloped.json`;
      const content = `${source}\n${canonical}`;
      if (this.written.get(file) === content) hashes[file] = hash;
      else {
        const text = `${JSON.stringify(envelopePanel(name, data, source, generatedAt, updatedAt, hash), null, 2)}\n`;
        if (await this.tryWrite(name, file, text, content)) {
          hashes[file] = hash;
          this.opts.metrics.panelFullBytesTotal.inc({ panel: name }, Buffer.byteLength(text));
        }
      }
      if (this.opts.legacyCompat) {
        const text = `${JSON.stringify(data, null, 2)}\n`;
        if (this.written.get(`${name}.json`) !== text) await this.tryWrite(name, `${name}.json`, text, text);
      }
      const prev = this.previous.get(name);
      if (prev?.canonical === canonical) continue;
      const rec = (data ?? {}) as Record<string, unknown>;
      const texts = memberTexts(rec);
      const diff = diffTopLevel(prev?.texts, texts, rec);
      this.previous.set(name, { canonical, texts });
      if (diff) {
        const payload = { panel: name, cycle, hash, ...diff };
        this.opts.metrics.panelDiffWritesTotal.inc({ panel: name });
        this.opts.metrics.panelDiffBytesTotal.inc({ panel: name }, Buffer.byteLength(JSON.stringify(payload)));
        this.opts.bus.publish('panels', 'panel_diff', payload);
      }
    }
    const files = Object.keys(hashes).sort();
    const manifest: PanelManifest = { schema_version: 1, generator: 'g6 run', cycle, updated_at: updatedAt, files, hashes: Object.fromEntries(files.map((f) => [f, hashes[f] as string])) };
    await this.tryWrite('unified_snapshot', 'manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  }

  /** Write `text` to `file` atomically; on success remember `content` as what it holds. */
  private async tryWrite(panel: PanelName, file: string, text: string, content?: string): Promise<boolean> {
    try {
      for (const stale of await writeFileAtomicAsync(join(this.opts.dir, file), text)) this.opts.warn(`panels: ${staleTempNote(stale)}`);
      if (content !== undefined) this.written.set(file, content);
      return true;
    } catch (err) {
      this.written.delete(file);
      this.opts.metrics.panelWriteErrorsTotal.inc({ panel });
      if (!this.warned.has(file)) {
        this.warned.add(file);
        this.opts.warn(`panel ${file}: write failed (${(err as Error).message}); further failures are only counted`);
      }
      return false;
    }
  }
}
