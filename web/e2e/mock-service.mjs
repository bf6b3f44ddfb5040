#!/usr/bin/env node
/**
 * A small stand-in for the Segments service, for UI development and for running the e2e
 * suite before (or besides) the Java service: it serves the built UI under /marketing/ and
 * the API the UI uses, in memory, with the contract's shapes (problem+json errors, cookie
 * session, cursor paging, ignored pointers). Its evaluator covers what the e2e suite uses;
 * it is not the product's engine.
 *
 *   npm run build && node e2e/mock-service.mjs [port]      (token: MOCK_ADMIN_TOKEN or "admin")
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';

const STATIC_DIR = fileURLToPath(new URL('../target/classes/static/marketing/', import.meta.url));
const TOKEN = process.env.MOCK_ADMIN_TOKEN ?? process.env.SEGMENTS_ADMIN_TOKEN ?? 'admin';
const WRITE_KEY = process.env.SEGMENTS_WRITE_KEY ?? 'write';
const PREVIEW_DELAY_MS = Number(process.env.MOCK_PREVIEW_DELAY_MS ?? 120);
const COOKIE = 'segments_session';
const sessions = new Set();

const TEXT_OPS = ['equals', 'notEquals', 'contains', 'notContains', 'startsWith', 'endsWith', 'in', 'notIn', 'isSet', 'isNotSet'];
const NUMBER_OPS = ['equals', 'notEquals', 'gt', 'gte', 'lt', 'lte', 'between', 'isSet', 'isNotSet'];
const DATE_OPS = ['before', 'after', 'on', 'between', 'withinLastDays', 'moreThanDaysAgo', 'isSet', 'isNotSet'];
const ENUM_OPS = ['in', 'notIn', 'isSet', 'isNotSet'];
const STAGES = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer', 'evangelist', 'other'];

const companyFields = [
  { name: 'domain', label: 'Domain', type: 'text', operators: TEXT_OPS },
  { name: 'name', label: 'Name', type: 'text', operators: TEXT_OPS },
  { name: 'industry', label: 'Industry', type: 'text', operators: TEXT_OPS },
  { name: 'employeeCount', label: 'Employees', type: 'number', operators: NUMBER_OPS },
  { name: 'country', label: 'Country', type: 'text', operators: TEXT_OPS },
  { name: 'createdAt', label: 'Created', type: 'timestamp', operators: DATE_OPS },
];
const forms = [
  { id: 'demo-request', name: 'Demo request' },
  { id: 'newsletter', name: 'Newsletter signup' },
];
const schemas = {
  contacts: {
    subject: 'contacts',
    fields: [
      { name: 'email', label: 'Email', type: 'text', operators: TEXT_OPS },
      { name: 'firstName', label: 'First name', type: 'text', operators: TEXT_OPS },
      { name: 'lastName', label: 'Last name', type: 'text', operators: TEXT_OPS },
      { name: 'country', label: 'Country', type: 'text', operators: TEXT_OPS },
      { name: 'city', label: 'City', type: 'text', operators: TEXT_OPS },
      { name: 'lifecycleStage', label: 'Lifecycle stage', type: 'enum', operators: ENUM_OPS, options: STAGES },
      { name: 'createdAt', label: 'Created', type: 'timestamp', operators: DATE_OPS },
      ...companyFields.map((f) => ({ ...f, name: `company.${f.name}`, label: `Company ${f.label.toLowerCase()}` })),
    ],
    forms,
    consentChannels: ['email', 'sms'],
    consentStatuses: ['granted', 'denied', 'unknown'],
    recency: { of: ['activity', 'pageView', 'formSubmit', 'created'], operators: ['withinLastDays', 'moreThanDaysAgo', 'never'] },
  },
  companies: {
    subject: 'companies',
    fields: companyFields,
    forms,
    consentChannels: ['email', 'sms'],
    consentStatuses: ['granted', 'denied', 'unknown'],
    recency: { of: ['created'], operators: ['withinLastDays', 'moreThanDaysAgo', 'never'] },
  },
};

// ---------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------
const now = () => Date.now();
const DAY = 86_400_000;
let nextId = 1;
const contacts = [];
const companies = [];
const events = []; // {contactId, kind:'page'|'form', url?, formId?, at}
const consents = []; // {contactId, channel, status, at}
const segments = new Map();

function addCompany(traits) {
  let c = companies.find((x) => x.domain === traits.domain);
  if (!c) {
    c = { id: nextId++, createdAt: new Date().toISOString(), ...traits };
    companies.push(c);
  } else Object.assign(c, traits);
  return c;
}
function addContact(traits) {
  let c = contacts.find((x) => x.email.toLowerCase() === String(traits.email).toLowerCase());
  if (!c) {
    c = { id: nextId++, createdAt: new Date().toISOString(), ...traits };
    contacts.push(c);
  } else Object.assign(c, traits);
  return c;
}

if (process.env.MOCK_SEED !== '0') {
  const acme = addCompany({ domain: 'acme.example', name: 'Acme', industry: 'Software', employeeCount: 1200, country: 'DE' });
  const globex = addCompany({ domain: 'globex.example', name: 'Globex', industry: 'Retail', employeeCount: 40, country: 'US' });
  const people = [
    ['ada@acme.example', 'Ada', 'Lovelace', 'DE', 'lead', acme],
    ['emile@acme.example', 'Émile', 'Zola', 'FR', 'customer', acme],
    ['grace@globex.example', 'Grace', 'Hopper', 'US', 'mql', globex],
    ['linus@example.org', 'Linus', 'T', 'FI', 'subscriber', null],
  ];
  for (const [email, firstName, lastName, country, lifecycleStage, company] of people) {
    const c = addContact({ email, firstName, lastName, country, lifecycleStage, companyId: company?.id ?? null });
    events.push({ contactId: c.id, kind: 'page', url: 'https://site.example/pricing', at: now() - 2 * DAY });
  }
  events.push({ contactId: contacts[0].id, kind: 'form', formId: 'demo-request', at: now() - 3 * DAY });
  consents.push({ contactId: contacts[0].id, channel: 'email', status: 'granted', at: now() - DAY });
}

// ---------------------------------------------------------------------------------------
// Validation and evaluation (the subset the UI and the e2e suite exercise)
// ---------------------------------------------------------------------------------------
const blank = (v) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function check(node, ptr, subject, out) {
  const field = (name) => schemas[subject].fields.find((f) => f.name === name);
  if (!node || typeof node !== 'object') return out.errors.push({ pointer: ptr, code: 'wrong_json_type', message: 'Expected a condition.' });
  switch (node.type) {
    case 'and':
    case 'or':
      if (!node.conditions?.length && ptr !== '/where') out.ignored.push(ptr);
      node.conditions?.forEach((c, i) => check(c, `${ptr}/conditions/${i}`, subject, out));
      return;
    case 'not':
      return check(node.condition, `${ptr}/condition`, subject, out);
    case 'attribute': {
      if (blank(node.field)) return out.ignored.push(ptr);
      const f = field(node.field);
      if (!f) return out.errors.push({ pointer: `${ptr}/field`, code: 'unknown_field', message: `There is no field "${node.field}".` });
      if (blank(node.operator)) return out.ignored.push(ptr);
      if (!f.operators.includes(node.operator))
        return out.errors.push({ pointer: `${ptr}/operator`, code: 'operator_not_allowed', message: `"${node.operator}" does not apply to ${f.label}.` });
      if (['isSet', 'isNotSet'].includes(node.operator)) return;
      if (['in', 'notIn', 'between'].includes(node.operator)) {
        if (!Array.isArray(node.values) || node.values.length === 0 || node.values.some(blank)) return out.ignored.push(ptr);
        return;
      }
      if (blank(node.value)) return out.ignored.push(ptr);
      if (f.type === 'number' && typeof node.value !== 'number')
        return out.errors.push({ pointer: `${ptr}/value`, code: 'wrong_value_type', message: 'Expected a number.' });
      return;
    }
    case 'recency':
      if (node.operator !== 'never' && blank(node.days)) out.ignored.push(ptr);
      return;
    case 'consent':
    case 'pageView':
    case 'formSubmit':
      return;
    case 'people':
      if (subject !== 'companies') return out.errors.push({ pointer: ptr, code: 'people_outside_companies', message: 'Only companies have people.' });
      return check(node.where, `${ptr}/where`, 'contacts', out);
    default:
      return out.errors.push({ pointer: `${ptr}/type`, code: 'unknown_type', message: `Unknown condition type "${node.type}".` });
  }
}

const fold = (s) => String(s ?? '').normalize('NFC').toLocaleLowerCase('und');

function valueOf(record, subject, name) {
  if (subject === 'contacts' && name.startsWith('company.')) {
    const co = companies.find((c) => c.id === record.companyId);
    return co ? co[name.slice(8)] : undefined;
  }
  return record[name];
}

function matchAttribute(node, record, subject) {
  const v = valueOf(record, subject, node.field);
  const set = !blank(v);
  switch (node.operator) {
    case 'isSet':
      return set;
    case 'isNotSet':
      return !set;
    case 'equals':
      return set && (typeof v === 'number' ? v === node.value : fold(v) === fold(node.value));
    case 'notEquals':
      return !matchAttribute({ ...node, operator: 'equals' }, record, subject);
    case 'contains':
      return set && fold(v).includes(fold(node.value));
    case 'notContains':
      return !matchAttribute({ ...node, operator: 'contains' }, record, subject);
    case 'startsWith':
      return set && fold(v).startsWith(fold(node.value));
    case 'endsWith':
      return set && fold(v).endsWith(fold(node.value));
    case 'in':
      return set && node.values.some((x) => fold(x) === fold(v));
    case 'notIn':
      return !matchAttribute({ ...node, operator: 'in' }, record, subject);
    case 'gt':
      return set && v > node.value;
    case 'gte':
      return set && v >= node.value;
    case 'lt':
      return set && v < node.value;
    case 'lte':
      return set && v <= node.value;
    case 'between':
      return set && v >= node.values[0] && v <= node.values[1];
    default:
      return false;
  }
}

function evaluate(node, ptr, record, subject, ignored) {
  if (ignored.has(ptr)) return null; // skipped
  switch (node.type) {
    case 'and':
    case 'or': {
      const rs = node.conditions.map((c, i) => evaluate(c, `${ptr}/conditions/${i}`, record, subject, ignored)).filter((r) => r !== null);
      if (rs.length === 0) return null;
      return node.type === 'and' ? rs.every(Boolean) : rs.some(Boolean);
    }
    case 'not': {
      const r = evaluate(node.condition, `${ptr}/condition`, record, subject, ignored);
      return r === null ? null : !r;
    }
    case 'attribute':
      return matchAttribute(node, record, subject);
    case 'consent': {
      const last = consents.filter((c) => c.contactId === record.id && c.channel === node.channel).at(-1);
      return (last?.status ?? 'unknown') === node.status;
    }
    case 'pageView':
    case 'formSubmit': {
      const kind = node.type === 'pageView' ? 'page' : 'form';
      const n = events.filter(
        (e) =>
          e.contactId === record.id &&
          e.kind === kind &&
          (node.withinDays === undefined || e.at >= now() - node.withinDays * DAY) &&
          (node.urlContains === undefined || fold(e.url).includes(fold(node.urlContains))) &&
          (node.form === undefined || e.formId === node.form),
      ).length;
      return n >= (node.atLeast ?? 1);
    }
    case 'recency':
      return node.operator === 'never' ? false : true;
    case 'people': {
      const ppl = contacts.filter((c) => c.companyId === record.id);
      const k = ppl.filter((c) => evaluate(node.where, `${ptr}/where`, c, 'contacts', ignored) !== false).length;
      return k >= (node.atLeast ?? 1);
    }
    default:
      return false;
  }
}

function run(definition) {
  const subject = definition?.subject;
  if (subject !== 'contacts' && subject !== 'companies')
    return { errors: [{ pointer: '/definition/subject', code: 'unknown_subject', message: 'Use contacts or companies.' }] };
  const out = { errors: [], ignored: [] };
  check(definition.where, '/where', subject, out);
  if (out.errors.length) return { errors: out.errors.map((e) => ({ ...e, pointer: '/definition' + e.pointer })) };
  const ignored = new Set(out.ignored);
  const universe = subject === 'contacts' ? contacts : companies;
  const members = universe
    .filter((r) => evaluate(definition.where, '/where', r, subject, ignored) !== false)
    .map((r) => (subject === 'contacts' ? { id: String(r.id), email: r.email, name: [r.firstName, r.lastName].filter(Boolean).join(' ') } : { id: String(r.id), domain: r.domain, name: r.name }));
  return { members, ignored: out.ignored };
}

// ---------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------
function send(res, status, body, headers = {}) {
  const json = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(json ? { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } : {}), ...headers });
  res.end(json);
}
const problem = (res, status, title, extra = {}) => send(res, status, { type: 'about:blank', title, status, ...extra });

async function body(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

function cookieSession(req) {
  const m = /(?:^|;\s*)segments_session=([^;]+)/.exec(req.headers.cookie ?? '');
  return m && sessions.has(m[1]);
}

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

async function serveStatic(req, res, pathname) {
  const rel = normalize(pathname.replace(/^\/marketing\/?/, '')).replace(/^(\.\.[/\\])+/, '');
  let file = join(STATIC_DIR, rel);
  if (!rel || rel === '.' || !existsSync(file) || !extname(file)) file = join(STATIC_DIR, 'index.html');
  try {
    const data = await readFile(file);
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(data);
  } catch {
    problem(res, 404, 'Not built: run npm run build');
  }
}

function segmentOut(s) {
  return { ...s };
}

function validateSegmentInput(input) {
  const errors = [];
  if (blank(input.name)) errors.push({ pointer: '/name', code: 'missing_value', message: 'A segment needs a name.' });
  const r = run(input.definition);
  if (r.errors) errors.push(...r.errors);
  else if (r.ignored.length) r.ignored.forEach((p) => errors.push({ pointer: '/definition' + p, code: 'missing_value', message: 'This condition is incomplete.' }));
  return { errors, result: r };
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const p = url.pathname;
  try {
    if (p === '/' || p === '/marketing') return send(res, 302, undefined, { Location: '/marketing/segments' });
    if (p.startsWith('/marketing/')) return serveStatic(req, res, p);
    if (p === '/api/health') return send(res, 200, { status: 'UP' });
    if (p.startsWith('/v1/')) {
      const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      if (auth.split(':')[0] !== WRITE_KEY) return problem(res, 401, 'Bad write key');
      const b = await body(req);
      if (p === '/v1/identify') {
        addContact({ email: b.traits?.email ?? `${b.userId}@unknown`, ...b.traits });
        return send(res, 200, { success: true });
      }
      return send(res, 200, { success: true });
    }
    if (p === '/api/session' && req.method === 'POST') {
      const b = await body(req);
      if (b.token !== TOKEN) return problem(res, 401, 'Invalid token', { detail: 'The admin token is not valid.' });
      const sid = randomUUID();
      sessions.add(sid);
      return send(res, 204, undefined, { 'Set-Cookie': `${COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Strict` });
    }
    if (p === '/api/session' && req.method === 'DELETE') return send(res, 204, undefined, { 'Set-Cookie': `${COOKIE}=; Path=/; HttpOnly; Max-Age=0` });
    if (!p.startsWith('/api/')) return problem(res, 404, 'Not found');
    const bearer = req.headers.authorization === `Bearer ${TOKEN}`;
    if (!bearer && !cookieSession(req)) return problem(res, 401, 'Sign in first', { detail: 'No valid session.' });

    let m;
    if ((m = /^\/api\/schema\/(contacts|companies)$/.exec(p))) return send(res, 200, schemas[m[1]]);
    if (p === '/api/segments/preview' && req.method === 'POST') {
      const b = await body(req);
      const r = run(b.definition);
      if (PREVIEW_DELAY_MS) await new Promise((ok) => setTimeout(ok, PREVIEW_DELAY_MS));
      if (r.errors) return problem(res, 400, 'Invalid definition', { code: 'definition_invalid', detail: 'The definition has problems.', errors: r.errors });
      return send(res, 200, { count: r.members.length, asOf: new Date().toISOString(), members: r.members.slice(0, b.limit ?? 10), ignored: r.ignored });
    }
    if (p === '/api/segments' && req.method === 'GET') return send(res, 200, [...segments.values()].map(segmentOut));
    if (p === '/api/segments' && req.method === 'POST') {
      const b = await body(req);
      const { errors, result } = validateSegmentInput(b);
      if (errors.length) return problem(res, 400, 'Invalid segment', { code: 'definition_invalid', errors });
      const t = new Date().toISOString();
      const s = { id: String(nextId++), name: b.name, description: b.description ?? null, subject: b.definition.subject, definition: b.definition, createdAt: t, updatedAt: t, lastCount: result.members.length, lastCountAsOf: t };
      segments.set(s.id, s);
      return send(res, 201, s, { Location: `/api/segments/${s.id}` });
    }
    if ((m = /^\/api\/segments\/([^/]+)(\/members(\.csv)?)?$/.exec(p))) {
      const s = segments.get(decodeURIComponent(m[1]));
      if (!s) return problem(res, 404, 'No such segment');
      if (m[2] && m[3]) {
        const r = run(s.definition);
        const rows = r.members.map((x) => (s.subject === 'contacts' ? [x.id, x.email, x.name] : [x.id, x.domain, x.name]).map((v) => `"${String(v ?? '').replace(/"/g, '""')}"`).join(','));
        res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Disposition': `attachment; filename="segment-${s.id}.csv"` });
        return res.end([s.subject === 'contacts' ? 'id,email,name' : 'id,domain,name', ...rows].join('\n') + '\n');
      }
      if (m[2]) {
        const r = run(s.definition);
        const limit = Number(url.searchParams.get('limit') ?? 50);
        const after = url.searchParams.get('after');
        const start = after ? r.members.findIndex((x) => x.id === after) + 1 : 0;
        const page = r.members.slice(start, start + limit);
        const next = start + limit < r.members.length ? page.at(-1).id : null;
        return send(res, 200, { count: r.members.length, asOf: new Date().toISOString(), members: page, next });
      }
      if (req.method === 'GET') return send(res, 200, segmentOut(s));
      if (req.method === 'DELETE') {
        segments.delete(s.id);
        return send(res, 204);
      }
      if (req.method === 'PUT') {
        const b = await body(req);
        const { errors, result } = validateSegmentInput(b);
        if (errors.length) return problem(res, 400, 'Invalid segment', { code: 'definition_invalid', errors });
        const t = new Date().toISOString();
        Object.assign(s, { name: b.name, description: b.description ?? null, subject: b.definition.subject, definition: b.definition, updatedAt: t, lastCount: result.members.length, lastCountAsOf: t });
        return send(res, 200, s);
      }
    }
    return problem(res, 404, 'Not found');
  } catch (e) {
    return problem(res, 500, 'Mock failure', { detail: String(e) });
  }
});

const port = Number(process.argv[2] ?? process.env.PORT ?? 8090);
server.listen(port, '127.0.0.1', () => console.log(`mock Segments service on http://127.0.0.1:${port}/marketing/ (token "${TOKEN}")`));
