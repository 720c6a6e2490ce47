// SPDX-License-Identifier: MIT
// A minimal LSP client for tests/scripts/editor-yaml-language-server.sh: starts
// yaml-language-server over stdio, opens documents and prints, as JSON lines,
// the diagnostics each document gets and the completion labels at a position.
//   node yamlls-client.js SERVER_JS REQUESTS.json
// REQUESTS: [{"file": PATH, "text": TEXT, "complete": {"line": L, "character": C}?}, ...]
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const [server, reqFile] = process.argv.slice(2);
const reqs = JSON.parse(fs.readFileSync(reqFile, 'utf8'));
const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
let buf = Buffer.alloc(0);
let id = 0;
const pending = new Map();
const diags = new Map();

function send(msg) {
	const body = Buffer.from(JSON.stringify(Object.assign({ jsonrpc: '2.0' }, msg)));
	child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
	child.stdin.write(body);
}
function request(method, params) {
	return new Promise((resolve) => {
		id++;
		pending.set(id, resolve);
		send({ id, method, params });
	});
}
child.stdout.on('data', (chunk) => {
	buf = Buffer.concat([buf, chunk]);
	for (;;) {
		const sep = buf.indexOf('\r\n\r\n');
		if (sep < 0)
			return;
		const m = /Content-Length: (\d+)/i.exec(buf.slice(0, sep).toString());
		const len = parseInt(m[1], 10);
		if (buf.length < sep + 4 + len)
			return;
		const msg = JSON.parse(buf.slice(sep + 4, sep + 4 + len).toString());
		buf = buf.slice(sep + 4 + len);
		if (msg.id !== undefined && pending.has(msg.id) && !msg.method) {
			pending.get(msg.id)(msg.result);
			pending.delete(msg.id);
		} else if (msg.method === 'textDocument/publishDiagnostics') {
			diags.set(msg.params.uri, msg.params.diagnostics);
		} else if (msg.id !== undefined && msg.method) {
			// a request from the server (configuration, ...): answer it plainly
			send({ id: msg.id, result: msg.method === 'workspace/configuration' ?
				msg.params.items.map(() => settings.yaml) : null });
		}
	}
});
const settings = { yaml: { validate: true, completion: true, hover: true, format: { enable: false },
		       schemaStore: { enable: false } } };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

(async () => {
	await request('initialize', { processId: process.pid, rootUri: null,
		capabilities: { textDocument: { completion: { completionItem: {} },
			publishDiagnostics: {} }, workspace: { configuration: true } } });
	send({ method: 'initialized', params: {} });
	send({ method: 'workspace/didChangeConfiguration', params: { settings } });
	for (const r of reqs) {
		const uri = 'file://' + path.resolve(r.file);
		send({ method: 'textDocument/didOpen',
		       params: { textDocument: { uri, languageId: 'yaml', version: 1, text: r.text } } });
		// diagnostics come once the schema is loaded: wait for them to settle
		let last = null;
		for (let waited = 0; waited < 20000; waited += 250) {
			await sleep(250);
			const d = JSON.stringify(diags.get(uri));
			if (d !== undefined && d === last && waited >= 1500)
				break;
			last = d;
		}
		const out = { file: r.file, diagnostics: (diags.get(uri) || []).map((d) => d.message) };
		if (r.complete) {
			const res = await request('textDocument/completion',
				{ textDocument: { uri }, position: r.complete });
			const items = Array.isArray(res) ? res : (res && res.items) || [];
			out.completions = items.map((i) => i.label);
			out.documented = items.filter((i) => i.documentation).map((i) => i.label);
		}
		console.log(JSON.stringify(out));
	}
	await request('shutdown', null);
	send({ method: 'exit' });
	setTimeout(() => process.exit(0), 500);
})().catch((e) => { console.error(e); process.exit(1); });
