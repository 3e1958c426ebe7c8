// A node:test reporter that prints nothing but, at the end, the slowest tests (to find what makes the suite slow).
export default async function* slowTests(source) {
  const done = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, file, details } = event.data;
    if (details?.type === 'suite' || details?.duration_ms === undefined || name === file || /\.test\.js$/.test(name)) continue;
    done.push({ ms: details.duration_ms, name, file: (file ?? '').replace(/.*\/dist\//, '') });
  }
  done.sort((a, b) => b.ms - a.ms);
  const lines = done.slice(0, 12).map((t) => `  ${(t.ms / 1000).toFixed(1).padStart(6)} s  ${t.name}  (${t.file})`);
  yield `\nslowest of ${done.length} tests:\n${lines.join('\n')}\n`;
}
