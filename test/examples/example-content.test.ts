// Static checks of the webapp example: refpolicy layout and documentation, file-context syntax, and an
// audit log that only names types, classes and permissions that exist.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEVEL, missing, needs } from '../support/system';
import { bracketProblem, FC_LINE, m4QuoteProblem, stripHashComments } from '../snippets/policy-text';

const exampleDir = join(__dirname, '..', '..', 'examples', 'webapp');
const read = (f: string) => readFileSync(join(exampleDir, f), 'utf8');
const te = read('webapp.te');
const iface = read('webapp.if');
const fc = read('webapp.fc');
const log = read('webapp-denials.log');

/** Types the module itself declares. */
const ownTypes = new Set([...stripHashComments(te).matchAll(/^type\s+(\w+)\s*;/gm)].map((m) => m[1]));

suite('webapp.te', () => {
  test('is a refpolicy module with Declarations and Local policy sections', () => {
    const statements = stripHashComments(te).split('\n').filter((l) => l.trim());
    assert.equal(statements[0], 'policy_module(webapp, 1.0.0)');
    const decl = te.indexOf('#\n# Declarations\n#');
    const local = te.indexOf('#\n# Local policy\n#');
    assert.ok(decl > 0 && local > decl, 'Declarations comes before Local policy');
    assert.ok(te.slice(0, decl).trimEnd().endsWith('########################################'));
    assert.equal(m4QuoteProblem(te), undefined);
    assert.equal(bracketProblem(te), undefined);
  });

  test('declares its types with the module prefix', () => {
    assert.ok(ownTypes.size >= 6);
    for (const t of ownTypes) assert.match(t, /^webapp_\w+_t$|^webapp_t$/);
    for (const t of ['webapp_t', 'webapp_exec_t', 'webapp_var_lib_t', 'webapp_log_t', 'webapp_tmp_t', 'webapp_conf_t']) {
      assert.ok(ownTypes.has(t), `${t} is declared`);
    }
  });

  test('documents its tunable with ## <desc> and uses it', () => {
    const m = /((?:^##.*\n)+)gen_tunable\((\w+), (true|false)\)/m.exec(te);
    assert.ok(m, 'gen_tunable has a ## comment block directly above it');
    assert.match(m[1], /^## <desc>\n(?:##.*\n)*## <\/desc>\n$/);
    assert.doesNotMatch(m[1], /<summary>/, 'tunables take <desc>, not <summary>');
    assert.equal(m[2], 'webapp_can_sendmail');
    assert.match(te, new RegExp(`tunable_policy\\(\`${m[2]}',\``));
    // A ## <summary> anywhere in a .te file would be attached to the next tunable by segenxml.
    assert.doesNotMatch(te, /^## <summary>/m);
  });

  test('keeps calls into other modules inside optional_policy', () => {
    const optional = [...te.matchAll(/^optional_policy\(`\n([\s\S]*?)^'\)/gm)].map((m) => m[1]).join('\n');
    for (const mod of ['apache', 'mysql', 'mta']) {
      assert.match(optional, new RegExp(`\\b${mod}_\\w+\\(webapp_t\\)`), `${mod} interfaces are optional`);
      const outside = te.replace(/^optional_policy\(`\n[\s\S]*?^'\)/gm, '');
      assert.doesNotMatch(outside, new RegExp(`^\\s*${mod}_\\w+\\(`, 'm'), `${mod} is called outside optional_policy`);
    }
  });
});

suite('webapp.if', () => {
  const interfaces = [...iface.matchAll(/((?:^##.*\n)+)#\n(interface|template)\(`(\w+)',`\n([\s\S]*?)^'\)/gm)];

  test('starts with the module summary', () => {
    assert.match(iface.split('\n')[0], /^## <summary>.+<\/summary>$/);
    assert.equal(m4QuoteProblem(iface), undefined);
    assert.equal(bracketProblem(iface), undefined);
  });

  test('every interface is documented and has one <param> per argument', () => {
    const defined = [...iface.matchAll(/^(?:interface|template)\(`(\w+)'/gm)].map((m) => m[1]);
    assert.ok(defined.length >= 3 && defined.length <= 5);
    assert.deepEqual(interfaces.map((m) => m[3]), defined, 'each definition has a ## header directly above it');
    for (const [, doc, , name, body] of interfaces) {
      assert.match(name, /^webapp_/);
      assert.match(doc, /^## <summary>\n(?:##\t.*\n)+## <\/summary>\n/m, `${name}: <summary>`);
      const params = [...doc.matchAll(/^## <param name="(\w+)"(?: optional="true")?>\n##\t<summary>\n(?:##\t.*\n)+##\t<\/summary>\n## <\/param>$/gm)];
      const highest = Math.max(0, ...[...body.matchAll(/\$(\d)/g)].map((m) => Number(m[1])));
      assert.equal(params.length, highest, `${name}: ${params.length} <param> blocks for arguments up to $${highest}`);
      assert.match(body, /^\tgen_require\(`\n(?:\t\t.*\n)+\t'\)\n/, `${name}: starts with gen_require`);
    }
  });

  test('uses the optional documentation tags correctly', () => {
    const byName = new Map(interfaces.map((m) => [m[3], m[1]]));
    assert.match(byName.get('webapp_read_log') ?? '', /^## <infoflow type="read" weight="10"\/>\n## <rolecap\/>\n$/m);
    assert.match(byName.get('webapp_admin') ?? '', /<param name="role">/);
    for (const doc of byName.values()) {
      // Order required by policy.dtd: summary, desc?, param+, infoflow?, rolecap?
      const tags = [...doc.matchAll(/^## <(summary|desc|param|infoflow|rolecap)\b/gm)].map((m) => m[1]);
      const order = ['summary', 'desc', 'param', 'infoflow', 'rolecap'];
      assert.deepEqual([...tags].sort((a, b) => order.indexOf(a) - order.indexOf(b)), tags);
    }
  });
});

suite('webapp.fc', () => {
  const entries = fc
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((line) => ({ line, m: FC_LINE.exec(line) }));

  test('every line is a file-context entry for a type the module declares', () => {
    assert.ok(entries.length >= 5);
    for (const { line, m } of entries) {
      const groups = m?.groups;
      assert.ok(groups, `not a file-context line: ${JSON.stringify(line)}`);
      assert.ok(groups.type && ownTypes.has(groups.type), `${groups.type} is declared in webapp.te`);
      assert.doesNotThrow(() => new RegExp(`^(?:${groups.path})$`));
    }
    assert.ok(entries.some((e) => e.m?.groups?.kind === '-d'), 'has a directory-only entry');
    assert.ok(entries.some((e) => e.m?.groups?.kind === '--'), 'has a regular-file entry');
  });

  test('the paths label what the module expects', () => {
    const labelOf = (path: string, kind: string) =>
      entries
        .filter((e) => e.m?.groups && (!e.m.groups.kind || e.m.groups.kind === kind))
        .filter((e) => new RegExp(`^(?:${e.m!.groups!.path})$`).test(path))
        .map((e) => e.m!.groups!.type)
        .pop();
    assert.equal(labelOf('/usr/sbin/webapp', '--'), 'webapp_exec_t');
    assert.equal(labelOf('/usr/sbin/webappctl', '--'), undefined);
    assert.equal(labelOf('/etc/webapp/env.php', '--'), 'webapp_conf_t');
    assert.equal(labelOf('/var/lib/webapp', '-d'), 'webapp_var_lib_t');
    assert.equal(labelOf('/var/lib/webapp/cache/mage---a1b_CONFIG', '--'), 'webapp_var_lib_t');
    assert.equal(labelOf('/var/log/webapp/system.log', '--'), 'webapp_log_t');
    assert.equal(labelOf('/run/webapp', '-d'), 'webapp_runtime_t');
    assert.equal(labelOf('/usr/lib/systemd/system/webapp.service', '--'), 'webapp_unit_t');
  });
});

interface Denial {
  record: string;
  perms: string[];
  scontext: string;
  tcontext: string;
  tclass: string;
}

const RECORD = /^type=(?<record>AVC|USER_AVC|SYSCALL|AVC_PATH) msg=audit\((?<time>\d+\.\d{3}):(?<serial>\d+)\): (?<rest>.*)$/;
const DENIAL = /avc: {2}denied {2}\{ (?<perms>[a-z_0-9 ]+) \} for .*\bscontext=(?<scontext>\S+) tcontext=(?<tcontext>\S+) tclass=(?<tclass>\w+) permissive=1\b/;
const typeOf = (context: string) => context.split(':')[2];

function denials(): Denial[] {
  return log
    .trimEnd()
    .split('\n')
    .flatMap((line) => {
      const r = RECORD.exec(line);
      const d = r?.groups && DENIAL.exec(r.groups.rest);
      return d?.groups
        ? [{ record: r!.groups!.record, perms: d.groups.perms.split(' '), scontext: d.groups.scontext, tcontext: d.groups.tcontext, tclass: d.groups.tclass }]
        : [];
    });
}

suite('webapp-denials.log', () => {
  test('is a short, well-formed audit log in time order', () => {
    const lines = log.trimEnd().split('\n');
    assert.ok(lines.length >= 8 && lines.length <= 15, `${lines.length} lines`);
    let last = { time: 0, serial: 0 };
    const serialsWithAvc = new Set<string>();
    for (const line of lines) {
      const r = RECORD.exec(line);
      assert.ok(r?.groups, `unexpected record: ${line}`);
      const time = Number(r.groups.time);
      const serial = Number(r.groups.serial);
      assert.ok(time >= last.time && serial >= last.serial, `out of order: ${line}`);
      last = { time, serial };
      if (r.groups.record.endsWith('AVC')) {
        assert.match(r.groups.rest, DENIAL, `AVC record without a denial: ${line}`);
        serialsWithAvc.add(`${r.groups.time}:${r.groups.serial}`);
      } else {
        // SYSCALL and AVC_PATH records belong to an event that also has an AVC record.
        assert.ok(serialsWithAvc.has(`${r.groups.time}:${r.groups.serial}`), `orphan record: ${line}`);
      }
      if (r.groups.record === 'SYSCALL') assert.match(r.groups.rest, /\bsyscall=\d+ success=(yes|no) exit=-?\d+ .*\bsubj=system_u:system_r:webapp_t:s0\b/);
    }
    const records = new Set(lines.map((l) => RECORD.exec(l)!.groups!.record));
    assert.deepEqual([...records].sort(), ['AVC', 'AVC_PATH', 'SYSCALL', 'USER_AVC']);
  });

  test('denies webapp_t access to its own types and to system types', () => {
    const all = denials();
    const kernel = all.filter((d) => d.record === 'AVC');
    assert.ok(kernel.length >= 8);
    for (const d of kernel) assert.equal(d.scontext, 'system_u:system_r:webapp_t:s0');
    const targets = all.map((d) => typeOf(d.tcontext));
    assert.ok(targets.filter((t) => ownTypes.has(t)).length >= 2, 'some denials are on the module\'s own types');
    for (const t of ['http_port_t', 'mysqld_port_t', 'sendmail_exec_t']) assert.ok(targets.includes(t), `a denial on ${t}`);
    assert.ok(all.some((d) => d.tclass === 'capability' && d.perms.includes('net_bind_service')));
    for (const d of all) {
      for (const t of [typeOf(d.scontext), typeOf(d.tcontext)]) {
        if (t.startsWith('webapp_')) assert.ok(ownTypes.has(t), `${t} is declared in webapp.te`);
      }
    }
  });

  test('names only classes and permissions that exist', { skip: missing(needs.devel) }, () => {
    const spt = readFileSync(`${DEVEL}/include/support/all_perms.spt`, 'utf8');
    const classes = new Map(
      [...spt.matchAll(/^define\(`all_(\w+)_perms',`\{ ([^}]*) \}'\)/gm)].map((m) => [m[1], new Set(m[2].split(/\s+/))]),
    );
    assert.ok(classes.size > 50);
    for (const d of denials()) {
      const perms = classes.get(d.tclass);
      assert.ok(perms, `class ${d.tclass} exists`);
      for (const p of d.perms) assert.ok(perms.has(p), `${d.tclass} has permission ${p}`);
    }
  });

  test('names only types that exist in the reference policy or in webapp.te', { skip: missing(needs.devel) }, () => {
    const headers: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(if|spt)$/.test(name)) headers.push(readFileSync(full, 'utf8'));
      }
    };
    walk(`${DEVEL}/include`);
    const text = headers.join('\n');
    const types = new Set(denials().flatMap((d) => [typeOf(d.scontext), typeOf(d.tcontext)]));
    assert.ok(types.size >= 8);
    for (const t of types) {
      if (ownTypes.has(t)) continue;
      assert.match(text, new RegExp(`(?<![\\w$])${t}\\b`), `${t} is not mentioned by any development header`);
    }
  });
});
