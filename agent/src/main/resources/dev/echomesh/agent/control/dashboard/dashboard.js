// The echomesh dashboard: reads the API token from the URL fragment (#token=...), follows
// GET /v1/events (Server-Sent Events read with fetch, so the token goes in a header, never in a
// URL), and calls tasks through POST /v1/call. Every value from the mesh is shown with
// textContent, never parsed as HTML. No library, no build step.
'use strict';

(function () {
  const MAX_RECENT_CALLS = 50;
  const RECONNECT_DELAY_MILLIS = 2000;

  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token') || '';
  // #call=PEER/TASK/PAYLOAD runs the form once the peer is known, as if it was filled and sent.
  const pendingCall = parseCall(fragment.get('call'));

  const peers = new Map(); // node ID -> peer object of the API
  const tasks = new Map(); // node ID -> [{name, description}] or an error string
  const $ = (id) => document.getElementById(id);

  function parseCall(text) {
    if (!text) {
      return null;
    }
    const parts = text.split('/');
    if (parts.length < 2) {
      return null;
    }
    return { peer: parts[0], task: parts[1], payload: parts.slice(2).join('/') };
  }

  function api(path, options) {
    const init = Object.assign({}, options || {});
    init.headers = Object.assign({ Authorization: 'Bearer ' + token }, init.headers || {});
    init.cache = 'no-store';
    return fetch(path, init);
  }

  function problem(text) {
    $('problem').textContent = text;
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function shortId(id) {
    return id.split('-').slice(0, 2).join('-');
  }

  function millis(micros) {
    return (micros / 1000).toFixed(micros < 10000 ? 2 : 0) + ' ms';
  }

  // --- the mesh

  function renderPeers() {
    const body = $('peers').querySelector('tbody');
    body.replaceChildren();
    const sorted = Array.from(peers.values()).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    for (const peer of sorted) {
      const row = document.createElement('tr');
      row.dataset.id = peer.id;
      cell(row, peer.name, 'name');
      cell(row, shortId(peer.id), 'id').title = peer.id;
      cell(row, peer.state, 'state-' + peer.state);
      cell(row, (peer.addresses || []).join(', '));
      cell(row, (peer.mac || '') + (peer.macMismatch ? ' (mismatch)' : ''));
      cell(row, peer.interface || '');
      cell(row, peer.rtt && peer.rtt.samples > 0 ? millis(peer.rtt.lastMicros) : '');
      cell(row, peer.rtt && peer.rtt.samples > 0 ? peer.lossPercent.toFixed(1) + ' %' : '');
      const offered = cell(row, '', 'tasks');
      const list = tasks.get(peer.id);
      if (Array.isArray(list)) {
        for (const task of list) {
          const span = document.createElement('span');
          span.className = 'task';
          span.textContent = task.name;
          span.title = task.description || '';
          offered.appendChild(span);
        }
      } else if (typeof list === 'string') {
        offered.textContent = list;
      }
      body.appendChild(row);
    }
    $('peer-count').textContent = '(' + peers.size + ')';
    $('no-peers').hidden = peers.size > 0;
    renderPeerChoices();
  }

  function renderPeerChoices() {
    const select = $('call-peer');
    const chosen = select.value;
    select.replaceChildren();
    for (const peer of peers.values()) {
      const option = document.createElement('option');
      option.value = peer.id;
      option.textContent = peer.name + ' (' + shortId(peer.id) + ')';
      select.appendChild(option);
    }
    if (chosen && peers.has(chosen)) {
      select.value = chosen;
    }
    renderTaskChoices();
  }

  function renderTaskChoices() {
    const list = $('call-tasks');
    list.replaceChildren();
    const offered = tasks.get($('call-peer').value);
    if (Array.isArray(offered)) {
      for (const task of offered) {
        const option = document.createElement('option');
        option.value = task.name;
        list.appendChild(option);
      }
    }
  }

  async function loadTasks(peer) {
    if (tasks.has(peer.id) || peer.state !== 'ALIVE') {
      return;
    }
    tasks.set(peer.id, 'asking...');
    try {
      const response = await api('/v1/tasks?peer=' + encodeURIComponent(peer.id));
      const answer = await response.json();
      tasks.set(peer.id, answer.status === 'OK' ? answer.tasks : answer.status + ': ' + answer.message);
      if (answer.status !== 'OK') {
        setTimeout(() => tasks.delete(peer.id), RECONNECT_DELAY_MILLIS);
      }
    } catch (e) {
      tasks.delete(peer.id);
    }
    renderPeers();
  }

  function updatePeer(peer) {
    const before = peers.get(peer.id);
    peers.set(peer.id, peer);
    if (before && before.state !== 'ALIVE' && peer.state === 'ALIVE') {
      tasks.delete(peer.id); // it may have restarted with other tasks
    }
    renderPeers();
    loadTasks(peer);
    runPendingCall();
  }

  // --- calls

  function addRecentCall(call) {
    const body = $('calls').querySelector('tbody');
    const row = document.createElement('tr');
    cell(row, new Date(call.at).toLocaleTimeString());
    cell(row, call.kind === 'served' ? 'served' : 'made');
    cell(row, call.peerName || shortId(call.peer)).title = call.peer;
    cell(row, call.task);
    cell(row, call.status, call.status === 'OK' ? 'status-OK' : 'status-bad');
    cell(row, millis(call.micros));
    cell(row, call.message || '');
    body.prepend(row);
    while (body.rows.length > MAX_RECENT_CALLS) {
      body.deleteRow(body.rows.length - 1);
    }
  }

  function showResult(status, message, payload) {
    const shown = $('result-status');
    shown.textContent = status;
    shown.className = 'status ' + (status === 'OK' ? 'status-OK' : 'status-bad');
    $('result-message').textContent = message;
    $('result-payload').textContent = payload;
  }

  async function call(peer, task, payload) {
    $('call-submit').disabled = true;
    showResult('calling...', '', '');
    try {
      const path = '/v1/call/' + encodeURIComponent(peer) + '/' + encodeURIComponent(task) + '?format=json';
      const response = await api(path, { method: 'POST', body: payload });
      const answer = await response.json();
      if (answer.status === undefined) {
        showResult(answer.error || 'error', answer.message || '', '');
      } else {
        const bytes = answer.payload !== undefined ? answer.payload
          : answer.payloadBase64 !== undefined ? '(binary, base64) ' + answer.payloadBase64 : '';
        showResult(answer.status, answer.message, bytes);
      }
    } catch (e) {
      showResult('error', 'the agent did not answer: ' + e.message, '');
    } finally {
      $('call-submit').disabled = false;
    }
  }

  function submitForm(event) {
    event.preventDefault();
    call($('call-peer').value, $('call-task').value.trim(), $('call-payload').value);
  }

  function findPeer(query) {
    for (const peer of peers.values()) {
      if (peer.name === query || peer.id === query) {
        return peer;
      }
    }
    return null;
  }

  function runPendingCall() {
    if (!pendingCall || pendingCall.done) {
      return;
    }
    const peer = findPeer(pendingCall.peer);
    if (!peer || peer.state !== 'ALIVE') {
      return;
    }
    pendingCall.done = true;
    $('call-peer').value = peer.id;
    $('call-task').value = pendingCall.task;
    $('call-payload').value = pendingCall.payload;
    $('call-form').requestSubmit();
  }

  // --- the events stream

  function onEvent(type, data) {
    if (type === 'peers') {
      peers.clear();
      for (const peer of data.peers) {
        peers.set(peer.id, peer);
      }
      renderPeers();
      data.peers.forEach(loadTasks);
      runPendingCall();
    } else if (type === 'peer') {
      updatePeer(data);
    } else if (type === 'call') {
      addRecentCall(data);
    }
  }

  function setConnected(up, text) {
    const shown = $('connection');
    shown.className = 'connection ' + (up ? 'up' : 'down');
    shown.textContent = text;
  }

  async function follow() {
    try {
      const response = await api('/v1/events');
      if (!response.ok) {
        const answer = await response.json().catch(() => ({}));
        throw new Error(response.status + ' ' + (answer.message || response.statusText));
      }
      setConnected(true, 'live');
      problem('');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
      throw new Error('the agent ended the stream');
    } catch (e) {
      setConnected(false, 'reconnecting');
      problem('Events: ' + e.message);
      setTimeout(follow, RECONNECT_DELAY_MILLIS);
    }
  }

  function dispatch(block) {
    let type = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) {
        type = line.slice(6).trim();
      } else if (line.startsWith('data:')) {
        data += line.slice(5).trim();
      }
    }
    if (data) {
      onEvent(type, JSON.parse(data));
    }
  }

  async function showSelf() {
    const response = await api('/v1/status');
    if (!response.ok) {
      const answer = await response.json().catch(() => ({}));
      throw new Error(answer.message || response.statusText);
    }
    const status = await response.json();
    $('self').textContent = status.name + ' · ' + status.id + ' · ' + status.version;
    document.title = 'echomesh · ' + status.name;
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('call-form').addEventListener('submit', submitForm);
    $('call-peer').addEventListener('change', renderTaskChoices);
    if (!token) {
      setConnected(false, 'no token');
      problem('This page needs the API token: open the address `echomesh dashboard --url` prints.');
      return;
    }
    showSelf().catch((e) => problem('Status: ' + e.message));
    follow();
  });
})();
