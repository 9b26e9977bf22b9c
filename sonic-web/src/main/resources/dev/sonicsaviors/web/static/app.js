// Sonic Saviors page: pick, drop or record audio, start a job, poll its progress, show the result. No build step.
'use strict';

const $ = (id) => document.getElementById(id);
let chosen = null;      // {blob, name}
let models = [];

function fmtSeconds(s) {
  if (s < 60) return s.toFixed(2) + ' s';
  const rest = s % 60;
  return Math.floor(s / 60) + ' min' + (rest >= 0.05 ? ' ' + rest.toFixed(1) + ' s' : '');
}

function showError(message) {
  const e = $('error');
  e.textContent = message;
  e.hidden = false;
}

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

function choose(blob, name) {
  chosen = { blob, name };
  $('chosen').textContent = 'Selected: ' + name + ' (' + (blob.size / 1048576).toFixed(2) + ' MB)';
  $('submit').disabled = false;
  clearError();
}

function showCard(name) {
  const m = models.find((x) => x.name === name);
  const list = $('card-list');
  list.replaceChildren();
  if (!m) return;
  const c = m.card;
  const rows = [
    ['Name', c.name],
    ['Architecture', c.architecture],
    ['Parameters', c.parameterCount.toLocaleString('en')],
    ['Works at', c.sampleRate + ' Hz (other rates are resampled)'],
    ['Trained on', c.trainingData],
    ['Licence', c.licence],
  ];
  for (const [k, v] of Object.entries(c.scores || {})) rows.push(['Score ' + k, Number(v).toFixed(2)]);
  for (const [k, v] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    list.append(dt, dd);
  }
  $('card-summary').textContent = c.architecture + '; trained on: ' + c.trainingData;
}

async function loadModels() {
  try {
    const [mr, lr] = await Promise.all([fetch('/api/models'), fetch('/api/limits')]);
    models = await mr.json();
    const limits = await lr.json();
    $('limits').textContent = 'Up to ' + (limits.maxUploadBytes / 1048576).toFixed(0) + ' MB and '
      + fmtSeconds(limits.maxDurationSeconds) + '.';
    const sel = $('model');
    for (const m of models) {
      const o = document.createElement('option');
      o.value = m.name;
      o.textContent = m.name + (m.default ? ' (default, learned)' : '');
      if (m.default) o.selected = true;
      sel.append(o);
    }
    showCard(sel.value);
  } catch (e) {
    showError('Could not load the list of models: ' + e.message);
  }
}

function setupDrop() {
  const drop = $('drop');
  $('file').addEventListener('change', (e) => {
    const f = e.target.files[0];
    if (f) choose(f, f.name);
  });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer.files[0];
    if (f) choose(f, f.name);
  });
}

// Microphone recording as 16-bit PCM WAV (the server does not read browser codecs such as Opus).
function setupRecording() {
  const btn = $('record');
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.AudioContext) {
    btn.disabled = true;
    $('record-status').textContent = 'Recording is not available in this browser (it needs https or localhost).';
    return;
  }
  let rec = null;
  btn.addEventListener('click', async () => {
    if (rec) {
      rec.stop();
      rec = null;
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const ctx = new AudioContext();
      const src = ctx.createMediaStreamSource(stream);
      const proc = ctx.createScriptProcessor(4096, 1, 1);
      const chunks = [];
      proc.onaudioprocess = (e) => chunks.push(new Float32Array(e.inputBuffer.getChannelData(0)));
      src.connect(proc);
      proc.connect(ctx.destination);
      btn.setAttribute('aria-pressed', 'true');
      btn.textContent = 'Stop recording';
      $('record-status').textContent = 'Recording…';
      rec = {
        stop() {
          proc.disconnect();
          src.disconnect();
          stream.getTracks().forEach((t) => t.stop());
          const rate = ctx.sampleRate;
          ctx.close();
          btn.setAttribute('aria-pressed', 'false');
          btn.textContent = 'Record from microphone';
          const wav = encodeWav(chunks, rate);
          $('record-status').textContent = 'Recorded ' + fmtSeconds((wav.size - 44) / 2 / rate) + '.';
          choose(wav, 'recording.wav');
        },
      };
    } catch (e) {
      $('record-status').textContent = 'Could not record: ' + e.message;
    }
  });
}

function encodeWav(chunks, rate) {
  const n = chunks.reduce((a, c) => a + c.length, 0);
  const buf = new ArrayBuffer(44 + 2 * n);
  const v = new DataView(buf);
  const str = (o, s) => { for (let i = 0; i < s.length; i++) v.setUint8(o + i, s.charCodeAt(i)); };
  str(0, 'RIFF'); v.setUint32(4, 36 + 2 * n, true); str(8, 'WAVE');
  str(12, 'fmt '); v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true);
  v.setUint32(24, rate, true); v.setUint32(28, 2 * rate, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true);
  str(36, 'data'); v.setUint32(40, 2 * n, true);
  let o = 44;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++, o += 2) {
      const x = Math.max(-1, Math.min(1, c[i]));
      v.setInt16(o, Math.round(x * 32767), true);
    }
  }
  return new Blob([buf], { type: 'audio/wav' });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function submit(e) {
  e.preventDefault();
  if (!chosen) return;
  clearError();
  $('result').hidden = true;
  $('submit').disabled = true;
  $('progress-box').hidden = false;
  $('progress').value = 0;
  $('progress-text').textContent = 'Uploading…';
  const form = new FormData();
  form.append('model', $('model').value);
  form.append('strength', $('strength').value);
  form.append('file', chosen.blob, 'upload');
  try {
    const r = await fetch('/api/jobs', { method: 'POST', body: form });
    const body = await r.json();
    if (r.status !== 202) throw new Error(body.error || ('HTTP ' + r.status));
    let job;
    for (;;) {
      await sleep(250);
      const s = await fetch(body.status);
      job = await s.json();
      if (!s.ok) throw new Error(job.error || ('HTTP ' + s.status));
      const pct = Math.round(100 * job.progress);
      $('progress').value = pct;
      $('progress').textContent = pct + '%';
      $('progress-text').textContent = job.state === 'queued' ? 'Waiting…' : 'Denoising: ' + pct + '%';
      if (job.state === 'done' || job.state === 'failed') break;
    }
    if (job.state === 'failed') throw new Error(job.error);
    showResult(job);
  } catch (err) {
    $('progress-box').hidden = true;
    showError('Denoising failed: ' + err.message);
  } finally {
    $('submit').disabled = false;
  }
}

function showResult(job) {
  $('progress-box').hidden = true;
  $('duration').textContent = fmtSeconds(job.durationSeconds) + ' (' + job.sampleRate + ' Hz, '
    + job.channels + (job.channels === 1 ? ' channel)' : ' channels)');
  $('processing').textContent = (job.processingMillis / 1000).toFixed(2) + ' s ('
    + (job.durationSeconds / Math.max(job.processingMillis / 1000, 0.001)).toFixed(1) + '× real time)';
  $('used-model').textContent = job.model + ' at strength ' + job.strength.toFixed(2);
  $('noisy-audio').src = job.links.noisy;
  $('denoised-audio').src = job.links.denoised;
  $('noisy-mel').src = job.links.noisyMel;
  $('denoised-mel').src = job.links.denoisedMel;
  const base = chosen.name.replace(/\.[^.]*$/, '');
  $('download').href = job.links.denoised;
  $('download').setAttribute('download', base + '-denoised.wav');
  $('result').hidden = false;
  $('result-title').focus();
}

document.addEventListener('DOMContentLoaded', () => {
  setupDrop();
  setupRecording();
  $('strength').addEventListener('input', (e) => { $('strength-value').textContent = Number(e.target.value).toFixed(2); });
  $('model').addEventListener('change', (e) => showCard(e.target.value));
  $('form').addEventListener('submit', submit);
  loadModels();
});
