() => {
  // Corroborate's page behaviour. Loaded once, before the app renders.
  if (window.__corroborate) return;
  window.__corroborate = true;
  const busy = () => !!document.querySelector('#chatbot .working');
  const hint = (text) => {
    let el = document.getElementById('queued-hint');
    if (!el) {
      const row = document.getElementById('input-note');
      if (!row) return;
      el = document.createElement('div');
      el.id = 'queued-hint';
      el.setAttribute('role', 'status');
      row.parentElement.insertBefore(el, row);
    }
    el.textContent = text;
    el.style.display = text ? '' : 'none';
  };

  // 1. A question sent while an answer is being written is kept, and sent when that answer ends.
  let queued = null;
  const keep = (ev, target) => {
    if (!busy()) return false;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    queued = target;
    hint('Your next question is kept: it will be sent when this answer is finished.');
    return true;
  };
  document.addEventListener('keydown', (ev) => {
    const box = ev.target && ev.target.closest && ev.target.closest('#question');
    if (box && ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) keep(ev, document.getElementById('ask'));
  }, true);
  document.addEventListener('click', (ev) => {
    if (!ev.isTrusted) return;  // our own click below
    const b = ev.target && ev.target.closest ? ev.target.closest('#ask, .examples button') : null;
    if (b) keep(ev, b);
  }, true);
  setInterval(() => {
    if (queued && !busy()) {
      const target = queued;
      queued = null;
      hint('');
      setTimeout(() => { if (!busy()) target.click(); else queued = target; }, 300);
    }
  }, 250);

  // 2. A citation [n] scrolls the Evidence panel (only the panel) to its card and flashes it.
  const reveal = (card) => {
    for (let d = card.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) d.open = true;
    const box = document.getElementById('evidence');
    if (box && box.contains(card) && box.scrollHeight > box.clientHeight) {
      const delta = card.getBoundingClientRect().top - box.getBoundingClientRect().top - 12;
      box.scrollTo({top: box.scrollTop + delta, behavior: 'smooth'});
    }
    card.classList.remove('flash');
    void card.offsetWidth;
    card.classList.add('flash');
  };

  // 3. "open in source" shows the Sources reader at the paragraph, with the quote highlighted.
  let openId = 0;
  document.addEventListener('click', (ev) => {
    const t = ev.target && ev.target.closest ? ev.target : null;
    if (!t) return;
    const open = t.closest('a.open-source');
    if (open) {
      ev.preventDefault();
      ev.stopPropagation();
      openId += 1;
      window.__corroOpenId = String(openId);
      window.__corroOpenRequest = JSON.stringify({doc: open.dataset.doc, para: +open.dataset.para,
        start: +open.dataset.start, end: +open.dataset.end, id: openId});
      const btn = document.getElementById('open-source-btn');
      if (btn) btn.click();
      return;
    }
    const link = t.closest('a.cite');
    if (!link) return;
    const id = link.getAttribute('data-card') || (link.getAttribute('href') || '').replace(/^#/, '');
    ev.preventDefault();
    ev.stopPropagation();
    const card = id ? document.getElementById(id) : null;
    if (card) reveal(card);
  }, true);

  // 4. The newest answer is brought into view: when a question is added (sent, or brought back by a reload)
  // and again when its answer is finished, its top is scrolled to the top of the conversation (Gradio's own
  // autoscroll follows the bottom only while the reader is there), and the conversation into the page's view.
  const scroller = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (/(auto|scroll)/.test(getComputedStyle(p).overflowY) && p.scrollHeight > p.clientHeight) return p;
      if (p.id === 'chatbot') break;
    }
    return null;
  };
  const showNewest = () => {
    const asked = document.querySelectorAll('#chatbot [data-testid="user"]');
    const last = asked[asked.length - 1];
    if (!last) return;
    const box = scroller(last);
    if (box) box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
    const chat = document.getElementById('chatbot').getBoundingClientRect();
    if (chat.top < 0 || chat.top > window.innerHeight - 120) window.scrollBy({top: chat.top - 8});
  };
  let questions = 0, wasBusy = false;
  setInterval(() => {
    const n = document.querySelectorAll('#chatbot [data-testid="user"]').length, nowBusy = busy();
    if (n > questions || (wasBusy && !nowBusy)) setTimeout(showNewest, 50);
    questions = n;
    wasBusy = nowBusy;
  }, 200);
}
