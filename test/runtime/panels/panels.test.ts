/** Panels: every envelope validates against its JSON Schema; a polling reader never sees partial JSON. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { EventBus } from '../../../src/runtime/events/bus';
import { buildPanels, PANEL_NAMES } from '../../../src/runtime/panels/build';
import { PanelWriter } from '../../../src/runtime/panels/writer';
import { runCycle } from '../../../src/runtime/pipeline/cycle';
import type { RuntimeState } from '../../../src/runtime/state';
import { createG6Metrics } from '../../../src/runtime/metrics/accessors';
import { GuardedMetricFactory } from '../../../src/runtime/metrics/registry';
import { WAITING_TEST_TIMEOUT_MS, waitUntil } from '../../support/wait';
import { metricSum, pipelineDeps, T0, testConfig } from '../helpers';

const SCHEMAS = join(__dirname, '..', '..', '..', 'src', 'runtime', 'panels', 'schemas');

async function setup(faults = false): Promise<{ dir: string; writer: PanelWriter; state: RuntimeState; events: unknown[]; factory: GuardedMetricFactory }> {
  const dir = mkdtempSync(join(tmpdir(), 'g6-panels-'));
  const cfg = testConfig((c) => {
    if (faults) {
      c.faults.error = 0.2;
      c.faults.fatal = 0.3;
    }
  });
  const { deps } = pipelineDeps(cfg);
  const { result } = await runCycle(deps, 1, T0);
  const factory = new GuardedMetricFactory({ warn: () => undefined });
  const metrics = createG6Metrics(factory);
  const bus = new EventBus(metrics);
  const events: unknown[] = [];
  bus.subscribe((e) => void events.push(e));
  const writer = new PanelWriter({ dir, legacyCompat: false, metrics, bus, warn: () => undefined });
  const state: RuntimeState = {
    version: '0.1.0',
    specHash: '0123456789abcdef',
    startedAt: T0,
    phase: 'running',
    cycle: 1,
    cyclesPlanned: 3,
    intervalSeconds: 0,
    marketOpen: true,
    provider: { name: 'sim', source: 'sim', mode: 'sim' },
    listen: '127.0.0.1:1',
    dataDir: dir,
    last: result,
    consecutiveFailures: 0,
    indexLastSuccess: new Map([['NIFTY', T0]]),
    recentErrors: result.errors,
    stream: [{ cycle: 1, ts: result.startedAt, index: 'NIFTY', status: 'OK', options: 10, spot: 1 }],
    cycleDurationsMs: [result.durationMs],
    storage: deps.sink.stats(),
    bench: null,
    peakRssMb: 100,
  };
  return { dir, writer, state, events, factory };
}

const mem = { rssMb: 100, heapUsedMb: 10, heapTotalMb: 20, externalMb: 1 };

describe('panel envelopes', () => {
  it.each([false, true])('validate against their schemas (faults=%s) and match the manifest', async (faults) => {
    const { dir, writer, state } = await setup(faults);
    const manifest = await writer.write(1, buildPanels(state, mem, T0 + 1000), 'sim', new Date(T0).toISOString(), new Date(T0 + 1000).toISOString());
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    for (const name of PANEL_NAMES) {
      const schema = JSON.parse(readFileSync(join(SCHEMAS, `${name}.schema.json`), 'utf8'));
      const doc = JSON.parse(readFileSync(join(dir, `${name}_enveloped.json`), 'utf8'));
      const ok = ajv.validate(schema, doc);
      expect({ name, errors: ok ? null : ajv.errors }).toEqual({ name, errors: null });
      expect(manifest.hashes[`${name}_enveloped.json`]).toBe(doc.meta.hash);
    }
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(ajv.validate(JSON.parse(readFileSync(join(SCHEMAS, 'manifest.schema.json'), 'utf8')), m)).toBe(true);
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(readdirSync(dir).includes('indices.json')).toBe(false);
  });

  it('publishes a diff only for panels whose data changed', async () => {
    const { writer, state, events } = await setup();
    const panels = buildPanels(state, mem, T0);
    await writer.write(1, panels, 'sim', 'a', 'b');
    const first = events.length;
    expect(first).toBe(PANEL_NAMES.length);
    await writer.write(2, panels, 'sim', 'a', 'b');
    expect(events.length).toBe(first);
    await writer.write(3, { ...panels, memory: { ...(panels.memory as object), rss_mb: 999 } }, 'sim', 'a', 'b');
    expect(events.length).toBe(first + 1);
    expect(events[first]).toMatchObject({ channel: 'panels', type: 'panel_diff', data: { panel: 'memory', changed: { rss_mb: 999 } } });
  });

  it('rewrites a panel file only when its data changes; the manifest every time', async () => {
    const { dir, writer, state, factory } = await setup();
    const panels = buildPanels(state, mem, T0);
    const inode = (f: string): number => statSync(join(dir, f)).ino;
    const counted = (): Promise<number> => metricSum(factory, 'g6_panel_full_bytes_total', { panel: 'memory' });
    await writer.write(1, panels, 'sim', new Date(T0).toISOString(), new Date(T0 + 1).toISOString());
    const first = { memory: inode('memory_enveloped.json'), manifest: inode('manifest.json'), text: readFileSync(join(dir, 'memory_enveloped.json'), 'utf8'), bytes: await counted() };
    expect(first.bytes).toBe(Buffer.byteLength(first.text));
    // same data, a later cycle and clock: the panel file keeps its inode and bytes, the manifest is replaced
    const manifest = await writer.write(2, panels, 'sim', new Date(T0 + 30_000).toISOString(), new Date(T0 + 30_001).toISOString());
    expect(inode('memory_enveloped.json')).toBe(first.memory);
    expect(readFileSync(join(dir, 'memory_enveloped.json'), 'utf8')).toBe(first.text);
    expect(await counted()).toBe(first.bytes);
    expect(inode('manifest.json')).not.toBe(first.manifest);
    expect(manifest.cycle).toBe(2);
    expect(manifest.hashes['memory_enveloped.json']).toBe(JSON.parse(first.text).meta.hash);
    // changed data: rewritten, with the new cycle's times
    await writer.write(3, { ...panels, memory: { ...(panels.memory as object), rss_mb: 999 } }, 'sim', new Date(T0 + 60_000).toISOString(), new Date(T0 + 60_001).toISOString());
    expect(inode('memory_enveloped.json')).not.toBe(first.memory);
    const rewritten = JSON.parse(readFileSync(join(dir, 'memory_enveloped.json'), 'utf8'));
    expect(rewritten).toMatchObject({ generated_at: new Date(T0 + 60_000).toISOString(), data: { rss_mb: 999 } });
    expect(await counted()).toBeGreaterThan(first.bytes);
  });

  it('rewrites a legacy bare file only when its text changes', async () => {
    const { dir, state } = await setup();
    const metrics = createG6Metrics(new GuardedMetricFactory({ warn: () => undefined }));
    const writer = new PanelWriter({ dir, legacyCompat: true, metrics, bus: new EventBus(metrics), warn: () => undefined });
    const panels = buildPanels(state, mem, T0);
    await writer.write(1, panels, 'sim', 'a', 'b');
    const before = statSync(join(dir, 'alerts.json')).ino;
    await writer.write(2, panels, 'sim', 'c', 'd');
    expect(statSync(join(dir, 'alerts.json')).ino).toBe(before);
    await writer.write(3, { ...panels, alerts: { total: 99 } }, 'sim', 'e', 'f');
    expect(statSync(join(dir, 'alerts.json')).ino).not.toBe(before);
    expect(JSON.parse(readFileSync(join(dir, 'alerts.json'), 'utf8'))).toEqual({ total: 99 });
  });

  it('never shows a polling reader a partial file while the writer replaces it', async () => {
    const { dir, writer, state } = await setup();
    const file = join(dir, 'indices_enveloped.json');
    const stop = join(dir, 'stop-reader');
    // The reader parses the file in a tight loop until the stop file appears, and reports each new
    // version (cycle) it sees: reading and writing overlap for as long as the writer keeps writing.
    const reader = spawn(process.execPath, [
      '-e',
      `const fs=require('fs');const seen=new Set();let reads=0,bad=0;const report=()=>process.stdout.write(JSON.stringify({reads,bad,versions:seen.size})+'\\n');
       while(!fs.existsSync(${JSON.stringify(stop)})){try{const d=JSON.parse(fs.readFileSync(${JSON.stringify(file)},'utf8'));reads++;const v=d.data.stream[0].cycle;if(!seen.has(v)){seen.add(v);report()}}catch(e){if(e.code!=='ENOENT'){bad++;report()}}}
       report()`,
    ]);
    let out = '';
    reader.stdout.on('data', (d) => (out += d));
    let closed = false;
    const done = new Promise<void>((r) => reader.on('close', () => ((closed = true), r())));
    // the last complete report line (a chunk may end mid-line)
    const lastReport = (): { reads: number; bad: number; versions: number } => JSON.parse(out.slice(0, out.lastIndexOf('\n')).split('\n').pop() || '{"reads":0,"bad":0,"versions":0}');
    const big = buildPanels(state, mem, T0);
    let n = 0;
    const writeNext = async (): Promise<void> => {
      // vary the size so a torn write would be visible as invalid JSON
      const stream = Array.from({ length: 20 + (n % 200) }, (_, i) => ({ cycle: n, ts: new Date(T0).toISOString(), index: `I${i}`, status: 'OK', options: i, spot: i }));
      await writer.write(n++, { ...big, indices: { ...(big.indices as object), stream } }, 'sim', 'a', 'b');
    };
    try {
      await waitUntil('the reader to parse 20 distinct versions of the file', async () => (await writeNext(), lastReport()), (r) => r.versions >= 20 || r.bad > 0, {
        intervalMs: 0,
        abort: () => (closed ? `the reader exited early: ${out}` : undefined),
      });
    } finally {
      writeFileSync(stop, '');
      await done;
    }
    const { bad, versions } = lastReport();
    expect(bad).toBe(0);
    expect(versions).toBeGreaterThanOrEqual(20);
  }, WAITING_TEST_TIMEOUT_MS);
});
