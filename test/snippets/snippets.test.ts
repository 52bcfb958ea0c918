// The snippet files contributed by package.json: well-formed, unique prefixes, and every body expands
// (with its defaults) to policy text with balanced m4 quotes and brackets. With the Debian development
// headers installed, the expanded snippets are also compiled into real modules.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missing, needs } from '../support/system';
import { expandSnippetBody, prefixesOf, type Snippet } from './expand';
import { bracketProblem, FC_LINE, m4QuoteProblem, stripHashComments } from './policy-text';
import { buildModule } from './devel-make';

const root = join(__dirname, '..', '..');
const FILES = {
  te: 'snippets/selinux-te.code-snippets',
  if: 'snippets/selinux-if.code-snippets',
  fc: 'snippets/selinux-fc.code-snippets',
} as const;
type Lang = keyof typeof FILES;
const LANGS = Object.keys(FILES) as Lang[];

function load(lang: Lang): Record<string, Snippet> {
  return JSON.parse(readFileSync(join(root, FILES[lang]), 'utf8')) as Record<string, Snippet>;
}

function bodyLines(s: Snippet): string[] {
  return Array.isArray(s.body) ? s.body : [s.body];
}

function byPrefix(lang: Lang, prefix: string): Snippet {
  const found = Object.values(load(lang)).find((s) => prefixesOf(s).includes(prefix));
  assert.ok(found, `${FILES[lang]} has a snippet with prefix ${prefix}`);
  return found;
}

/** The module name the te skeleton uses by default; every snippet default names its types after it. */
function skeletonName(): string {
  const m = /policy_module\((\w+),/.exec(expandSnippetBody(byPrefix('te', 'policy_module').body));
  assert.ok(m, 'the skeleton expands to a policy_module() call');
  return m[1];
}

suite('expandSnippetBody', () => {
  test('uses defaults, first choices, mirrored tab stops and escapes', () => {
    assert.equal(expandSnippetBody(['type ${1:foo}_t;', 'allow $1_t self:${2|process,file|} ${3};$0']), 'type foo_t;\nallow foo_t self:process ;');
    assert.equal(expandSnippetBody(['read(\\$1, ${1:a_t})']), 'read($1, a_t)');
    assert.equal(expandSnippetBody(['${1:outer ${2:inner}} $2']), 'outer inner inner');
    assert.equal(expandSnippetBody(['/etc/x\\\\.conf \\} ${TM_FILENAME_BASE:mod} $TM_SELECTED_TEXT']), '/etc/x\\.conf } mod ');
    assert.equal(expandSnippetBody('$ 5 \\n'), '$ 5 \\n');
  });
});

suite('snippet files', () => {
  for (const lang of LANGS) {
    test(`${FILES[lang]} is a JSON object of complete snippets`, () => {
      const text = readFileSync(join(root, FILES[lang]), 'utf8');
      const data: unknown = JSON.parse(text);
      assert.equal(typeof data, 'object');
      assert.ok(data && !Array.isArray(data));
      const entries = Object.entries(data as Record<string, Snippet>);
      assert.ok(entries.length >= 4, `${FILES[lang]} has a useful number of snippets`);
      for (const [name, s] of entries) {
        const prefixes = prefixesOf(s);
        assert.ok(prefixes.length > 0 && prefixes.every((p) => typeof p === 'string' && /^\S+$/.test(p)), `${name}: prefix`);
        assert.ok(bodyLines(s).length > 0 && bodyLines(s).every((l) => typeof l === 'string'), `${name}: body`);
        assert.ok(typeof s.description === 'string' && s.description.trim().length > 0, `${name}: description`);
      }
    });
  }

  test('prefixes are unique across all three files', () => {
    const seen = new Map<string, string>();
    for (const lang of LANGS) {
      for (const [name, s] of Object.entries(load(lang))) {
        for (const p of prefixesOf(s)) {
          const key = p.toLowerCase();
          assert.ok(!seen.has(key), `prefix ${p} (${lang}: ${name}) is already used by ${seen.get(key)}`);
          seen.set(key, `${lang}: ${name}`);
        }
      }
    }
    assert.ok(seen.size >= 30);
  });

  test('the required snippets are present', () => {
    const want: Record<Lang, string[]> = {
      te: ['policy_module', 'require', 'gen_require', 'allow', 'dontaudit', 'auditallow', 'neverallow', 'type_transition',
        'type_transition_name', 'optional_policy', 'tunable_policy', 'gen_tunable', 'typeattribute', 'if_bool'],
      if: ['interface', 'template', 'gen_require_if', 'optional_policy_if', 'allow_caller'],
      fc: ['fc_file', 'fc_tree', 'fc_dir', 'gen_context'],
    };
    for (const lang of LANGS) {
      const prefixes = new Set(Object.values(load(lang)).flatMap(prefixesOf));
      for (const p of want[lang]) assert.ok(prefixes.has(p), `${FILES[lang]} lacks ${p}`);
    }
  });
});

suite('snippet bodies', () => {
  for (const lang of LANGS) {
    for (const [name, s] of Object.entries(load(lang))) {
      test(`${lang}: ${name}`, () => {
        for (const line of bodyLines(s)) assert.doesNotMatch(line, /^ +\S/, `indent with \\t, not spaces: ${JSON.stringify(line)}`);
        const raw = bodyLines(s).join('\n');
        assert.equal(m4QuoteProblem(raw), undefined, `m4 quotes in the raw body of ${name}`);
        const text = expandSnippetBody(s.body);
        assert.ok(text.trim().length > 0);
        assert.equal(m4QuoteProblem(text), undefined, `m4 quotes in the expanded body of ${name}`);
        assert.equal(bracketProblem(text), undefined, `brackets in the expanded body of ${name}:\n${text}`);
        // Only interface/template bodies may contain a literal $ (their $1, $2 ... arguments).
        const dollars = stripHashComments(text).match(/\$\S?/g) ?? [];
        if (lang === 'if') for (const d of dollars) assert.match(d, /^\$[1-9*]$/, `stray ${d} in ${name}`);
        else assert.deepEqual(dollars, [], `stray $ in ${name}:\n${text}`);
      });
    }
  }

  test('fc snippets expand to valid file-context lines', () => {
    for (const [name, s] of Object.entries(load('fc'))) {
      let line = expandSnippetBody(s.body);
      if (line.startsWith('gen_context(')) line = `/opt/example\t--\t${line}`;
      const m = FC_LINE.exec(line);
      const groups = m?.groups;
      assert.ok(groups, `${name} expands to a file-context line: ${JSON.stringify(line)}`);
      assert.doesNotThrow(() => new RegExp(`^(?:${groups.path})$`), `${name}: path is a regular expression`);
    }
  });
});

// ---- compile the expanded snippets with the development Makefile -------------------------------

const develSkip = missing(needs.devel, needs.make, needs.checkmodule, needs.m4);

/**
 * Makes a loadable module out of snippet text: types named after the module that nothing declares are
 * declared, every other type (and every attribute used by typeattribute) is required from the base policy.
 */
function moduleSources(name: string, teParts: string[], ifText = '', fcText = ''): Record<string, string> {
  let te = teParts.join('\n\n');
  if (!/^policy_module\(/m.test(te)) te = `policy_module(${name}, 1.0.0)\n\n${te}`;
  const code = stripHashComments(`${te}\n${ifText}\n${fcText}`);
  const declared = new Set([...code.matchAll(/^\s*type\s+(\w+)\s*[;,]/gm)].map((m) => m[1]));
  const used = new Set([...code.matchAll(/(?<![\w$])([a-z][a-z0-9_]*_t)\b/g)].map((m) => m[1]));
  const own = [...used].filter((t) => !declared.has(t) && (t === `${name}_t` || t.startsWith(`${name}_`)));
  const external = [...used].filter((t) => !declared.has(t) && !own.includes(t));
  const attributes = [...stripHashComments(te).matchAll(/^\s*typeattribute\s+\w+\s+([\w\s,]+);/gm)].flatMap((m) =>
    m[1].split(/[\s,]+/).filter(Boolean),
  );
  const preamble = [
    ...own.map((t) => `type ${t};`),
    external.length || attributes.length
      ? `gen_require(\`\n${external.length ? `\ttype ${external.join(', ')};\n` : ''}${attributes.length ? `\tattribute ${attributes.join(', ')};\n` : ''}')`
      : '',
  ].join('\n');
  te = te.replace(/^(policy_module\([^)]*\)\n)/m, `$1\n${preamble}\n`);
  const files: Record<string, string> = { [`${name}.te`]: te };
  if (ifText) files[`${name}.if`] = ifText;
  if (fcText) files[`${name}.fc`] = fcText;
  return files;
}

/** Hides the type lines inside gen_require(`...') and require { ... } blocks. */
function withoutRequires(text: string): string {
  return text.replace(/gen_require\(`[^']*'\)/g, '').replace(/\brequire\s*\{[^}]*\}/g, '');
}

function assertBuilds(name: string, files: Record<string, string>): void {
  const r = buildModule(name, files);
  const sources = Object.entries(files).map(([f, c]) => `=== ${f}\n${c}`).join('\n');
  assert.equal(r.status, 0, `make ${name}.pp failed\n${r.log}\n${sources}`);
  assert.ok(r.packaged, `${name}.pp was not created\n${r.log}`);
  assert.doesNotMatch(r.stderr, /warning|error/i, `the build printed diagnostics\n${r.log}\n${sources}`);
}

suite('expanded snippets compile', { skip: develSkip }, () => {
  test('the te skeleton compiles on its own with its default name', () => {
    const name = skeletonName();
    const te = expandSnippetBody(byPrefix('te', 'policy_module').body);
    assert.match(te, /^# Declarations$/m);
    assert.match(te, /^# Local policy$/m);
    assertBuilds(name, { [`${name}.te`]: te });
  });

  test('every te snippet compiles inside the skeleton', () => {
    const name = skeletonName();
    const modules: string[][] = [[expandSnippetBody(byPrefix('te', 'policy_module').body)]];
    // Types a text declares (type statements outside require blocks).
    const declaredIn = (t: string) =>
      new Set(
        [...withoutRequires(stripHashComments(t)).matchAll(/^\s*type\s+(\w+)\s*;/gm)].map((m) => m[1]),
      );
    let count = 0;
    for (const s of Object.values(load('te'))) {
      if (prefixesOf(s).includes('policy_module')) continue;
      const text = expandSnippetBody(s.body);
      // A snippet that declares a type the skeleton already declares gets a module of its own.
      const target = modules.find((parts) => {
        const have = declaredIn(parts.join('\n'));
        return [...declaredIn(text)].every((t) => !have.has(t));
      });
      if (target) target.push(text);
      else modules.push([text]);
      count++;
    }
    assert.ok(count >= 15);
    for (const parts of modules) assertBuilds(name, moduleSources(name, parts));
  });

  test('every if snippet compiles in a module that calls its interfaces', () => {
    const name = skeletonName();
    const header: string[] = [];
    const definitions: string[] = [];
    const docs: string[] = [];
    const bodies: string[] = [];
    for (const s of Object.values(load('if'))) {
      const text = expandSnippetBody(s.body);
      if (/^\s*(interface|template)\(`/m.test(text)) definitions.push(text);
      else if (/^## <summary>.*<\/summary>\s*$/.test(text)) header.push(text);
      else if (/^## <param\b/.test(text)) docs.push(text);
      else bodies.push(text);
    }
    assert.equal(header.length, 1, 'one module summary snippet');
    assert.ok(definitions.length >= 2 && bodies.length >= 3);
    const wrapper = [
      '########################################',
      '## <summary>',
      '##\tCollects the interface-body snippets.',
      '## </summary>',
      docs[0] ?? '## <param name="domain">\n##\t<summary>\n##\tDomain allowed access.\n##\t</summary>\n## </param>',
      '#',
      `interface(\`${name}_snippet_bodies',\``,
      ...bodies.map((b) => b.replace(/^/gm, '\t')),
      "')",
    ].join('\n');
    const ifText = [header[0], ...definitions, wrapper].join('\n\n') + '\n';
    const calls: string[] = [];
    for (const m of ifText.matchAll(/^(interface|template)\(`(\w+)'/gm)) {
      calls.push(m[1] === 'template' ? `${m[2]}(${name}_worker)` : `${m[2]}(${name}_t)`);
    }
    const te = [expandSnippetBody(byPrefix('te', 'policy_module').body), ...calls].join('\n');
    assertBuilds(name, moduleSources(name, [te], ifText));
  });

  test('the fc snippets package with a module that declares their types', () => {
    const name = skeletonName();
    const fc =
      Object.values(load('fc'))
        .map((s) => expandSnippetBody(s.body))
        .map((l) => (l.startsWith('gen_context(') ? `/opt/${name}/bin/${name}-start\t--\t${l}` : l))
        .join('\n') + '\n';
    const te = expandSnippetBody(byPrefix('te', 'policy_module').body);
    assertBuilds(name, moduleSources(name, [te], '', fc));
  });
});
