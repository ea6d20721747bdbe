const h = () => Number(process.hrtime.bigint()) / 1e6;
let t = h();
const yaml = require('js-yaml');
const { parser } = require('@prometheus-io/lezer-promql');
console.log('require', (h() - t).toFixed(1));
const fs = require('fs');
const text = fs.readFileSync('/work/main/spec/metrics.yml', 'utf8');
const exprs = [...text.matchAll(/(?:promql|expr): "?(.*?)"?$/gm)].map((m) => m[1]);
for (let i = 0; i < 5; i++) {
  t = h(); const doc = yaml.load(text + `\n# ${i}\n`); const ty = h() - t;
  t = h(); for (const e of exprs) parser.parse(e + ' '.repeat(i)); const tp = h() - t;
  console.log(i, 'yaml', ty.toFixed(1), 'promql', exprs.length, tp.toFixed(1));
}
