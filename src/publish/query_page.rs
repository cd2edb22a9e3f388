//! The query page at `/`: an editor with SPARQL syntax highlighting, the saved
//! queries as examples, our prefixes predeclared (added to the query when it
//! uses one it does not declare), and the answer as a table whose IRIs of ours
//! link to their pages. Written here, in a few dozen lines of script, rather
//! than vendored: it needs no network and nothing to build.
//! `/?query=NAME&run=1` loads a saved query and runs it (a link to share).

use crate::publish::html::{Links, layout};
use crate::rdf::store;

const SCRIPT: &str = r#"
const $ = (id) => document.getElementById(id);
const editor = $('editor'), shade = $('shade'), pick = $('saved'), out = $('out'), status = $('status');
const KEYWORDS = /\b(SELECT|CONSTRUCT|ASK|DESCRIBE|WHERE|FILTER|OPTIONAL|UNION|MINUS|GRAPH|SERVICE|BIND|VALUES|PREFIX|BASE|DISTINCT|REDUCED|ORDER|BY|GROUP|HAVING|LIMIT|OFFSET|AS|FROM|NAMED|NOT|EXISTS|IN|ASC|DESC|COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT|a)\b/gi;
function esc(s) { return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); }
function highlight(text) {
  const parts = text.split(/("(?:[^"\\\n]|\\.)*"|<[^<>\s"]*>|#[^\n]*)/);
  return parts.map((p, i) => {
    if (i % 2 === 1) {
      const kind = p[0] === '"' ? 'str' : p[0] === '<' ? 'iri' : 'com';
      return '<span class="' + kind + '">' + esc(p) + '</span>';
    }
    return esc(p).replace(/(\?[A-Za-z_][\w]*)/g, '<span class="var">$1</span>')
      .replace(KEYWORDS, '<span class="kw">$1</span>');
  }).join('') + '\n';
}
function sync() { shade.innerHTML = highlight(editor.value); shade.scrollTop = editor.scrollTop; }
editor.addEventListener('input', sync);
editor.addEventListener('scroll', () => { shade.scrollTop = editor.scrollTop; });
function withPrefixes(text) {
  const declared = new Set([...text.matchAll(/PREFIX\s+([\w-]*):/gi)].map((m) => m[1]));
  const body = text.replace(/"(?:[^"\\]|\\.)*"|<[^>]*>|#[^\n]*/g, '');
  const used = new Set([...body.matchAll(/(?:^|[\s(,;{\/^])([A-Za-z][\w-]*):/g)].map((m) => m[1]));
  const missing = [...used].filter((p) => PREFIXES[p] && !declared.has(p));
  return missing.map((p) => 'PREFIX ' + p + ': <' + PREFIXES[p] + '>\n').join('') + text;
}
function cell(term) {
  if (!term) return '';
  if (term.type === 'uri') {
    const href = term.value.startsWith(BASE) ? ROOT + term.value.slice(BASE.length) : term.value;
    let short = term.value;
    for (const [p, ns] of Object.entries(PREFIXES)) {
      if (term.value.startsWith(ns) && term.value.length > ns.length && (short === term.value || ns.length > PREFIXES[short.split(':')[0]].length)) short = p + ':' + term.value.slice(ns.length);
    }
    return '<a href="' + esc(href) + '">' + esc(short) + '</a>';
  }
  let text = esc(term.value);
  if (term['xml:lang']) text += '<span class="lang">' + esc(term['xml:lang']) + '</span>';
  return text;
}
async function run() {
  status.textContent = 'Running…';
  out.innerHTML = '';
  const body = new URLSearchParams({ query: withPrefixes(editor.value) });
  try {
    const response = await fetch(ROOT + 'sparql', { method: 'POST', body,
      headers: { 'Accept': 'application/sparql-results+json, text/turtle;q=0.9' } });
    const type = response.headers.get('content-type') || '';
    if (!response.ok) { status.textContent = 'Error ' + response.status + ': ' + await response.text(); return; }
    if (!type.includes('json')) { out.innerHTML = '<pre>' + esc(await response.text()) + '</pre>'; status.textContent = 'Done.'; return; }
    const json = await response.json();
    if ('boolean' in json) { out.innerHTML = '<p class="answer">' + json.boolean + '</p>'; status.textContent = 'Done.'; return; }
    const vars = json.head.vars, rows = json.results.bindings;
    let html = '<table id="results"><thead><tr>' + vars.map((v) => '<th>' + esc(v) + '</th>').join('') + '</tr></thead><tbody>';
    for (const row of rows) html += '<tr>' + vars.map((v) => '<td>' + cell(row[v]) + '</td>').join('') + '</tr>';
    out.innerHTML = html + '</tbody></table>';
    status.textContent = rows.length + (rows.length === 1 ? ' row.' : ' rows.');
  } catch (e) { status.textContent = 'Failed: ' + e; }
}
$('run').addEventListener('click', run);
editor.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run(); });
let saved = [];
pick.addEventListener('change', () => {
  const q = saved.find((s) => s.name === pick.value);
  if (q) { editor.value = q.sparql; sync(); }
});
(async () => {
  sync();
  try {
    saved = await (await fetch(ROOT + 'api/queries')).json();
    for (const q of saved) {
      const option = document.createElement('option');
      option.value = q.name; option.textContent = q.name + (q.summary ? ' — ' + q.summary : '');
      pick.appendChild(option);
    }
  } catch (e) { status.textContent = 'Saved queries could not be loaded: ' + e; }
  const params = new URLSearchParams(location.search);
  const wanted = params.get('query');
  if (wanted) { pick.value = wanted; pick.dispatchEvent(new Event('change')); }
  if (params.get('sparql')) { editor.value = params.get('sparql'); sync(); }
  if (params.get('run')) run();
})();
"#;

const STYLE: &str = "
#box { position: relative; height: 18rem; border: 1px solid var(--line); border-radius: 4px; }
#editor, #shade { position: absolute; inset: 0; margin: 0; padding: .6rem; border: 0; overflow: auto;
  font: 14px/1.45 ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; white-space: pre-wrap; word-wrap: break-word; }
#editor { background: transparent; color: transparent; caret-color: CanvasText; resize: none; z-index: 1; }
#shade { pointer-events: none; }
.kw { color: #a626a4; font-weight: 600; } .var { color: #986801; } .str { color: #50a14f; }
.iri { color: #4078f2; } .com { color: #8a8f98; font-style: italic; }
.bar { display: flex; gap: .6rem; margin: .6rem 0; align-items: center; flex-wrap: wrap; }
#saved { max-width: 38rem; }
#results td, #results th { font-size: .9rem; }
";

/// The query page.
pub fn page(links: &Links) -> String {
    // JSON literals are valid JavaScript; `</` is escaped so no text closes the script.
    let js = |text: &str| {
        serde_json::to_string(text)
            .unwrap_or_default()
            .replace("</", "<\\/")
    };
    let prefixes: Vec<String> = store::shipped_prefixes()
        .iter()
        .map(|(name, ns)| format!("{}: {}", js(name), js(ns)))
        .collect();
    let body = format!(
        "<h1>Query the graph</h1>\n\
         <p>SPARQL 1.1 over the whole dataset (the union of its graphs). Our prefixes \
         (<code>state:</code>, <code>event:</code>, <code>dkg:</code>, <code>schema:</code> …) are \
         added when a query uses them. Ctrl+Enter runs.</p>\n\
         <div class=\"bar\"><label>Saved queries <select id=\"saved\"><option value=\"\">—</option></select></label>\
         <button id=\"run\" type=\"button\">Run</button><span id=\"status\" role=\"status\"></span></div>\n\
         <div id=\"box\"><pre id=\"shade\" aria-hidden=\"true\"></pre>\
         <textarea id=\"editor\" spellcheck=\"false\" aria-label=\"SPARQL query\">SELECT ?event ?label ?date WHERE {{\n  ?event a dkg:Event ; rdfs:label ?label .\n  OPTIONAL {{ ?event dkg:date ?date }}\n}} ORDER BY ?date</textarea></div>\n\
         <div id=\"out\"></div>\n\
         <script>\nconst PREFIXES = {{{}}};\nconst BASE = {};\nconst ROOT = {};\n{SCRIPT}</script>\n",
        prefixes.join(", "),
        js(&links.base),
        js(&links.root),
    );
    let head = format!("<style>{STYLE}</style>\n");
    layout("Query", &body, links, &head)
}
