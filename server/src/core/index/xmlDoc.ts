// SPDX-License-Identifier: MIT
// Reads refpolicy `##` XML documentation blocks (see policy.dtd): summary, description, parameters,
// infoflow and rolecap for interfaces and templates; desc for tunables and booleans.
// Tolerant: malformed XML yields whatever could be read, never an exception.

export interface ParamDoc {
  readonly name: string;
  readonly summary: string;
  readonly optional: boolean;
  readonly unused: boolean;
}

export interface XmlDoc {
  readonly summary: string;
  readonly description: string;
  readonly params: readonly ParamDoc[];
  readonly infoflow?: { readonly type: string; readonly weight: number };
  readonly rolecap: boolean;
  readonly rolebase: boolean;
}

/** The text of a `##` block: each line's content after `## `. */
export function docText(block: string): string {
  const out: string[] = [];
  for (const line of block.split('\n')) {
    const m = /^\s*##(?:\s(.*))?$/.exec(line);
    if (m) out.push((m[1] ?? '').replace(/\s+$/, ''));
  }
  return out.join('\n');
}

/** Collapses XML markup of a summary or description into Markdown-ish plain text. */
export function plain(xml: string): string {
  return xml
    .replace(/<\/?p>/g, '\n')
    .replace(/<li>/g, '\n- ')
    .replace(/<\/li>|<\/?[uo]l>/g, '')
    .replace(/<pre>([\s\S]*?)<\/pre>/g, (_, c: string) => `\n\`\`\`\n${c.trim()}\n\`\`\`\n`)
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    .split('\n').map((l) => l.trim()).join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\n\n- /g, '\n- ')
    .trim();
}

const TAG = new Map<string, RegExp>();
function tag(xml: string, name: string): string | undefined {
  let re = TAG.get(name);
  if (!re) TAG.set(name, (re = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`)));
  const m = re.exec(xml);
  return m ? m[1] : undefined;
}

const ATTR = new Map<string, RegExp>();
function attr(attrs: string, name: string): string | undefined {
  let re = ATTR.get(name);
  if (!re) ATTR.set(name, (re = new RegExp(`${name}\\s*=\\s*"([^"]*)"`)));
  const m = re.exec(attrs);
  return m ? m[1] : undefined;
}

const CACHE = new WeakMap<object, XmlDoc>();
/** The parsed documentation of an interface or template (parsed on first use). */
export function macroDoc(def: { readonly docBlock?: string }): XmlDoc | undefined {
  if (!def.docBlock) return undefined;
  let d = CACHE.get(def);
  if (!d) CACHE.set(def, (d = parseXmlDoc(def.docBlock)));
  return d;
}

export function parseXmlDoc(block: string): XmlDoc {
  const xml = docText(block);
  const params: ParamDoc[] = [];
  const re = /<param\s([^>]*)>([\s\S]*?)<\/param>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const name = attr(m[1], 'name') ?? `arg${params.length + 1}`;
    params.push({
      name,
      summary: plain(tag(m[2], 'summary') ?? m[2]),
      optional: attr(m[1], 'optional') === 'true',
      unused: attr(m[1], 'unused') === 'true',
    });
  }
  const withoutParams = xml.replace(re, '');
  const flow = /<infoflow\s([^>]*)\/?>/.exec(xml);
  return {
    summary: plain(tag(withoutParams, 'summary') ?? ''),
    description: plain(tag(withoutParams, 'desc') ?? ''),
    params,
    ...(flow ? { infoflow: { type: attr(flow[1], 'type') ?? 'none', weight: Number(attr(flow[1], 'weight') ?? 0) } } : {}),
    rolecap: /<rolecap\s*\/?>/.test(xml),
    rolebase: /<rolebase\s*\/?>/.test(xml),
  };
}
