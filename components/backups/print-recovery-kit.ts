/* The printable recovery kit: a plain page in a new window (print stylesheet: black on white, monospace,
 * no page chrome), with the destination, when it was printed and when the repository key last changed,
 * then the browser's print dialog. Nothing is stored; the window holds the kit only until it is closed. */
"use client";

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export function printRecoveryKit(kit: { destination: string; text: string; keyRotatedAt: string | null }): void {
  const w = window.open("", "_blank", "noopener=no,width=800,height=900");
  if (!w) return;
  const rotated = kit.keyRotatedAt
    ? `Repository key last rotated: ${new Date(kit.keyRotatedAt).toUTCString()}. A kit printed before then no longer opens the repository.`
    : "Repository key never rotated (the key the repository was created with).";
  w.document.write(`<!doctype html><html><head><meta charset="utf-8"><title>Lifeboat recovery kit: ${esc(kit.destination)}</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; color: #000; background: #fff; margin: 2rem; }
  h1 { font-size: 20px; margin: 0 0 .25rem; }
  .meta { margin: 0 0 1rem; }
  .rotated { font-weight: 600; border: 1px solid #000; padding: .5rem; }
  pre { font: 12px/1.4 ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; border: 1px solid #999; padding: .75rem; }
  @media print { body { margin: 0; } @page { margin: 15mm; } }
</style></head><body>
<h1>Lifeboat recovery kit: ${esc(kit.destination)}</h1>
<p class="meta">Printed ${esc(new Date().toUTCString())}. Keep it offline and safe: it opens every backup in this repository.</p>
<p class="rotated" data-testid="print-key-rotated">${esc(rotated)}</p>
<pre>${esc(kit.text)}</pre>
</body></html>`);
  w.document.close();
  w.focus();
  w.print();
}
