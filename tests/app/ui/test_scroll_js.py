"""chat.js brings the newest answer into view, run in node against a small stand-in for the chat's DOM.

(The real-Chromium tests need Debian's chromium; this checks the page script's rule wherever node exists.)
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

CHAT_JS = Path(__file__).resolve().parents[3] / "app" / "ui" / "static" / "chat.js"

HARNESS = r"""
const fs = require('fs');
let intervals = [], timeouts = [];
global.setInterval = (fn) => { intervals.push(fn); return intervals.length; };
global.setTimeout = (fn) => { timeouts.push(fn); return timeouts.length; };
const tick = () => { intervals.forEach((fn) => fn()); const t = timeouts; timeouts = []; t.forEach((fn) => fn()); };

const chatbot = {id: 'chatbot', parentElement: null, style: {}, getBoundingClientRect: () => ({top: 150})};
const box = {id: '', parentElement: chatbot, style: {overflowY: 'auto'}, scrollTop: 0, clientHeight: 500,
             get scrollHeight() { return 600 * users.length + 400; }, getBoundingClientRect: () => ({top: 150})};
let users = [], working = null;
const message = (y) => ({id: '', parentElement: box, style: {},
                         getBoundingClientRect: () => ({top: 150 + y - box.scrollTop})});
global.getComputedStyle = (el) => ({overflowY: el.style.overflowY || 'visible'});
global.window = {innerHeight: 900, scrollBy: () => {}};
global.document = {
  addEventListener: () => {},
  getElementById: (id) => (id === 'chatbot' ? chatbot : null),
  querySelector: (sel) => (sel === '#chatbot .working' ? working : null),
  querySelectorAll: (sel) => (sel === '#chatbot [data-testid="user"]' ? users : []),
};
new Function('return ' + fs.readFileSync(process.argv[2], 'utf8'))()();

const seen = [];
for (let q = 0; q < 4; q++) {
  const y = 600 * q;
  users = users.concat([message(y)]);   // the question is sent: its answer starts below it
  working = {};
  tick();
  const sent = users[q].getBoundingClientRect().top - box.getBoundingClientRect().top;
  box.scrollTop = box.scrollHeight - box.clientHeight;  // Gradio's autoscroll follows the streaming bottom
  tick();
  working = null;                       // the answer is finished
  tick();
  const done = users[q].getBoundingClientRect().top - box.getBoundingClientRect().top;
  seen.push([sent, done]);
}
console.log(JSON.stringify(seen));
"""


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
def test_after_each_of_four_questions_the_newest_question_and_answer_are_in_view(tmp_path):
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS)
    proc = subprocess.run(["node", str(harness), str(CHAT_JS)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout)
    assert len(seen) == 4
    for sent, done in seen:
        # the newest question sits at the top of the conversation box (0-500 px), its answer below it
        assert 0 <= sent <= 50, seen
        assert 0 <= done <= 50, seen
