// The live page: polls GET /live/state and draws it; starts loads with POST /live/load. Plain JS, no build step.
'use strict';

const POLL_EVERY_MS = 250;
const HISTORY_MS = 60_000;
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

/** Each loop's lag samples, [client time, lag ms], over the last HISTORY_MS. */
const history = new Map();
/** The loads this page has seen, by start time: drawn as bands behind the lag lines. */
const loadsSeen = new Map();
let lastAnswerAt = null;
let askedAt = null;
let lastRoundTripMs = null;
let shownFindings = {blocking: null, stuck: null};
let shownStrategies = null;

const $ = (id) => document.getElementById(id);

/** An element with attributes and children (strings become text: nothing the server sends is read as HTML). */
function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value !== undefined && value !== null) {
            node.setAttribute(name, value);
        }
    }
    for (const child of children.flat()) {
        if (child !== undefined && child !== null) {
            node.append(child instanceof Node ? child : String(child));
        }
    }
    return node;
}

function ms(value) {
    if (value === null || value === undefined) {
        return '?';
    }
    if (value >= 1000) {
        return (value / 1000).toFixed(2) + ' s';
    }
    return (value >= 10 ? value.toFixed(0) : value.toFixed(1)) + ' ms';
}

function time(iso) {
    return new Date(iso).toLocaleTimeString([], {hour12: false}) + '.' + String(new Date(iso).getMilliseconds()).padStart(3, '0');
}

function byName(a, b) {
    return a.localeCompare(b, undefined, {numeric: true});
}

// Polling: one request at a time, the next one POLL_EVERY_MS after the last answer. While an event loop is held,
// the answer is late, and the page says for how long it has waited.
async function poll() {
    askedAt = performance.now();
    try {
        const response = await fetch('live/state', {cache: 'no-store', headers: {Accept: 'application/json'}});
        if (!response.ok) {
            throw new Error('GET /live/state answered ' + response.status);
        }
        const state = await response.json();
        lastRoundTripMs = performance.now() - askedAt;
        lastAnswerAt = performance.now();
        render(state);
        $('answer').dataset.error = '';
    } catch (failure) {
        $('answer').dataset.error = String(failure.message || failure);
    } finally {
        askedAt = null;
        setTimeout(poll, POLL_EVERY_MS);
    }
}

function showAnswerAge() {
    const answer = $('answer');
    const now = performance.now();
    let text;
    let state;
    if (answer.dataset.error) {
        text = 'Cannot read the state: ' + answer.dataset.error + '. Trying again.';
        state = 'error';
    } else if (lastAnswerAt === null) {
        text = 'No answer yet from /live/state.';
        state = 'waiting';
    } else if (askedAt !== null && now - askedAt > 500) {
        text = 'Waiting ' + ms(now - askedAt) + ' for /live/state: the event loop that serves this page is held.';
        state = 'late';
    } else {
        text = 'Live: the last answer came ' + ms(now - lastAnswerAt) + ' ago, after ' + ms(lastRoundTripMs) + '.';
        state = 'live';
    }
    answer.textContent = text;
    answer.dataset.state = state;
}

function render(state) {
    $('probe-interval').textContent = state.loops.probeIntervalMillis.toFixed(0);
    $('threshold').textContent = state.loops.thresholdMillis.toFixed(0);
    $('watchdog-threshold').textContent = state.stuckWork.thresholdMillis.toFixed(0);
    renderLoops(state.loops);
    renderLanes(state.lanes);
    renderLoad(state.load);
    renderBlockingCalls(state.blockingCalls);
    renderStuckWork(state.stuckWork);
}

function renderLoops(loops) {
    const now = performance.now();
    const body = $('loops').tBodies[0];
    body.replaceChildren();
    const sorted = [...loops.each].sort((a, b) => byName(a.name, b.name));
    sorted.forEach((loop, index) => {
        const samples = history.get(loop.name) || [];
        samples.push([now, loop.lagMillis]);
        while (samples.length && samples[0][0] < now - HISTORY_MS) {
            samples.shift();
        }
        history.set(loop.name, samples);
        const peak = Math.max(...samples.map(sample => sample[1]));
        const held = loop.lagMillis > loops.thresholdMillis;
        body.append(el('tr', {'data-loop': loop.name, class: held ? 'held' : null},
            el('td', {}, el('span', {class: 'swatch', style: 'background:' + COLOURS[index % COLOURS.length]}), loop.name),
            el('td', {class: 'num lag', 'data-ms': loop.lagMillis}, ms(loop.lagMillis)),
            el('td', {class: 'num peak', 'data-ms': peak}, ms(peak)),
            el('td', {class: 'num pending', 'data-value': loop.pendingTasks ?? ''},
                loop.pendingTasks === null ? 'not published' : loop.pendingTasks),
            el('td', {class: 'num probes', 'data-value': loop.probesRun}, loop.probesRun)));
    });
    drawChart(sorted.map(loop => loop.name), loops.thresholdMillis);
}

/** The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least `value`: a scale with round marks. */
function niceCeiling(value) {
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    return [1, 2, 2.5, 5, 10].map(step => step * power).find(top => top >= value);
}

/** Each loop's lag over the last minute; the scale grows to fit, and never hides the threshold. */
function drawChart(names, thresholdMillis) {
    const canvas = $('lag-chart');
    const context = canvas.getContext('2d');
    const width = canvas.width;
    const height = canvas.height;
    const left = 64;
    const bottom = height - 24;
    const top = 10;
    const now = performance.now();
    let highest = thresholdMillis * 1.25;
    for (const name of names) {
        for (const [, lag] of history.get(name) || []) {
            highest = Math.max(highest, lag * 1.1);
        }
    }
    highest = niceCeiling(highest);
    const y = (lag) => bottom - (lag / highest) * (bottom - top);
    const x = (at) => left + (1 - (now - at) / HISTORY_MS) * (width - left - 8);
    context.clearRect(0, 0, width, height);
    context.font = '12px system-ui, sans-serif';
    context.fillStyle = '#555';
    context.strokeStyle = '#ddd';
    context.lineWidth = 1;
    for (let i = 0; i <= 5; i++) {
        const lag = (highest / 5) * i;
        context.beginPath();
        context.moveTo(left, y(lag));
        context.lineTo(width - 8, y(lag));
        context.stroke();
        context.fillText(ms(lag), 4, y(lag) + 4);
    }
    for (let seconds = 0; seconds <= 60; seconds += 10) {
        context.fillText(seconds === 0 ? 'now' : '-' + seconds + ' s', x(now - seconds * 1000) - 12, height - 6);
    }
    // The loads, as bands: where the lines sit while one ran is what it did to the loops.
    const sinceWall = (wall) => now - (Date.now() - wall);
    for (const seen of loadsSeen.values()) {
        const from = Math.max(left, x(sinceWall(seen.from)));
        const to = x(seen.to === null ? now : sinceWall(seen.to));
        if (to <= left) {
            continue;
        }
        context.fillStyle = seen.control ? 'rgba(176, 0, 32, 0.10)' : 'rgba(47, 129, 247, 0.10)';
        context.fillRect(from, top, to - from, bottom - top);
        context.fillStyle = seen.control ? '#b00020' : '#1f5fbf';
        context.save(); // the label stays inside its band
        context.beginPath();
        context.rect(from, top, to - from, bottom - top);
        context.clip();
        context.fillText((seen.control ? 'CONTROL ' : '') + seen.id, from + 4, top + 14);
        context.restore();
    }
    context.fillStyle = '#555';
    context.setLineDash([6, 4]);
    context.strokeStyle = '#c00';
    context.beginPath();
    context.moveTo(left, y(thresholdMillis));
    context.lineTo(width - 8, y(thresholdMillis));
    context.stroke();
    context.setLineDash([]);
    names.forEach((name, index) => {
        const samples = history.get(name) || [];
        context.strokeStyle = COLOURS[index % COLOURS.length];
        context.lineWidth = 2;
        context.beginPath();
        samples.forEach(([at, lag], i) => i === 0 ? context.moveTo(x(at), y(lag)) : context.lineTo(x(at), y(lag)));
        context.stroke();
    });
}

function renderLanes(lanes) {
    const body = $('lanes').tBodies[0];
    body.replaceChildren();
    for (const lane of lanes) {
        const share = lane.limit > 0 ? Math.min(1, lane.running / lane.limit) : 0;
        body.append(el('tr', {'data-lane': lane.lane, class: lane.running > 0 || lane.waiting > 0 ? 'busy' : null},
            el('td', {}, lane.lane),
            el('td', {class: 'num running', 'data-value': lane.running}, lane.running),
            el('td', {class: 'bar-cell'}, el('span', {class: 'bar'}, el('span', {style: 'width:' + (share * 100) + '%'}))),
            el('td', {class: 'num waiting', 'data-value': lane.waiting}, lane.waiting),
            el('td', {class: 'num limit', 'data-value': lane.limit}, lane.limit),
            el('td', {class: 'num rejected', 'data-value': lane.rejected}, lane.rejected)));
    }
}

function strategyLabel(strategy) {
    const where = strategy.method + ' ' + strategy.path;
    return strategy.control
        ? 'CONTROL: ' + where + ' (blocks the event loop)'
        : where + ' (lane ' + strategy.lane + ')';
}

function renderLoad(load) {
    $('load-off').hidden = load.enabled;
    $('load-form').hidden = !load.enabled;
    $('concurrency').max = load.maxConcurrency;
    $('seconds').max = load.maxSeconds;
    $('requests').max = load.maxRequests;
    const strategies = JSON.stringify(load.strategies);
    if (strategies !== shownStrategies) {
        const select = $('strategy');
        const chosen = select.value;
        select.replaceChildren(...load.strategies.map(strategy => el('option',
            {value: strategy.id, title: strategy.summary, class: strategy.control ? 'control' : null},
            strategyLabel(strategy))));
        if (load.strategies.some(strategy => strategy.id === chosen)) {
            select.value = chosen;
        }
        shownStrategies = strategies;
    }
    const latest = load.latest;
    $('start').disabled = Boolean(latest && latest.running);
    if (latest) {
        loadsSeen.set(latest.startedAt, {id: latest.strategy, control: latest.control,
            from: Date.parse(latest.startedAt), to: latest.endedAt ? Date.parse(latest.endedAt) : null});
    }
    if (latest) {
        $('load-report').replaceWith(reportOf(latest));
    }
}

function reportOf(run) {
    const left = Math.max(0, (Date.parse(run.endsBy) - Date.now()) / 1000);
    const answers = Object.entries(run.statuses).map(([status, count]) =>
        el('span', {class: 'status s' + status[0], 'data-status': status, 'data-value': count}, status + ' × ' + count));
    return el('div', {id: 'load-report', 'data-running': String(run.running), 'data-started-at': run.startedAt,
            'data-ended-at': run.endedAt, class: run.control ? 'control' : null},
        el('p', {},
            el('b', {}, run.control ? 'CONTROL ' : '', run.method + ' ' + run.path),
            ', ' + run.concurrency + ' in flight at most, for ' + run.seconds + ' s or ' + run.requests + ' requests: ',
            run.running ? el('b', {}, 'running, ' + left.toFixed(1) + ' s left') : endedText(run)),
        el('table', {class: 'figures'},
            el('tr', {},
                el('th', {}, 'sent'), el('td', {id: 'load-sent', 'data-value': run.sent}, run.sent),
                el('th', {}, 'in flight'), el('td', {id: 'load-in-flight', 'data-value': run.inFlight}, run.inFlight),
                el('th', {}, 'answers'), el('td', {id: 'load-statuses'}, answers.length ? answers : 'none yet'),
                el('th', {}, 'no answer'), el('td', {id: 'load-failed', 'data-value': run.failed}, run.failed),
                el('th', {}, 'cut at the end'), el('td', {id: 'load-cut', 'data-value': run.cut}, run.cut))),
        el('p', {class: 'quiet'}, 'Sent by ' + (run.sender ? run.sender.thread + (run.sender.eventLoop
            ? ', an event loop: the client never blocks it' : '') : 'a client not yet started') + '.'));
}

function endedText(run) {
    const after = Date.parse(run.endedAt) - Date.parse(run.startedAt);
    const late = Date.parse(run.endedAt) - Date.parse(run.endsBy);
    // Its timer runs on the event loop its client uses: while that loop is held, the load can neither send nor stop.
    return 'ended at ' + time(run.endedAt) + ' (' + ms(after) + ' after it started'
        + (late > 500 ? ', ' + ms(late) + ' past its time: the event loop its client runs on was held' : '') + ').';
}

function details(summary, stack) {
    return el('details', {}, el('summary', {}, summary), el('pre', {}, stack.join('\n')));
}

function renderBlockingCalls(calls) {
    const key = JSON.stringify([calls.enabled, calls.unavailable, calls.latest.map(call => call.at + call.thread)]);
    if (key === shownFindings.blocking) {
        return;
    }
    shownFindings.blocking = key;
    const box = $('blocking-calls');
    box.dataset.enabled = String(calls.enabled);
    if (!calls.enabled && calls.unavailable) {
        box.replaceChildren(el('p', {class: 'quiet'}, 'The detector is switched on but cannot listen: JFR cannot record '
            + 'in this process (' + calls.unavailable + '). A native executable needs jfr in quarkus.native.monitoring.'));
    } else if (!calls.enabled) {
        box.replaceChildren(el('p', {class: 'quiet'}, 'The detector is off on this instance '
            + '(offload.observe.blocking-detector.enabled=false, the default in prod).'));
    } else if (calls.latest.length === 0) {
        box.replaceChildren(el('p', {class: 'quiet good'}, 'None so far: no event loop has blocked since the service started (JFR reports about once a second).'));
    } else {
        box.replaceChildren(...calls.latest.map(call => el('div', {class: 'finding', 'data-event': call.event, 'data-at': call.at},
            details([el('b', {}, call.event), ' for ' + ms(call.durationMillis) + ' on ' + call.thread + ' at '
                + time(call.at) + ', in ', el('code', {}, call.call), call.detail ? ' (' + call.detail + ')' : ''],
                call.stack))));
    }
}

function renderStuckWork(stuck) {
    const key = JSON.stringify(stuck.latest.map(found => found.at + found.thread));
    if (key === shownFindings.stuck) {
        return;
    }
    shownFindings.stuck = key;
    const box = $('stuck-work');
    if (stuck.latest.length === 0) {
        box.replaceChildren(el('p', {class: 'quiet good'}, 'None since the service started.'));
    } else {
        box.replaceChildren(...stuck.latest.map(found => el('div', {class: 'finding', 'data-lane': found.lane},
            details([el('b', {}, found.lane), ' work had run ' + ms(found.runningForMillis) + ' on ' + found.thread
                + (found.virtual ? ' (virtual)' : '') + ' at ' + time(found.at) + ', in ',
                el('code', {}, found.stack[0] || '(no stack)')], found.stack))));
    }
}

async function startLoad(event) {
    event.preventDefault();
    const form = new FormData($('load-form'));
    const query = new URLSearchParams();
    for (const name of ['strategy', 'concurrency', 'seconds', 'requests']) {
        query.set(name, form.get(name));
    }
    const error = $('load-error');
    error.hidden = true;
    $('start').disabled = true;
    try {
        const response = await fetch('live/load?' + query, {method: 'POST', headers: {Accept: 'application/json'}});
        const body = await response.json();
        if (!response.ok) {
            error.textContent = response.status + ' ' + body.error + ': ' + body.message;
            error.hidden = false;
        } else {
            $('load-report').replaceWith(reportOf(body));
        }
    } catch (failure) {
        error.textContent = 'The load did not start: ' + (failure.message || failure);
        error.hidden = false;
    }
}

$('load-form').addEventListener('submit', startLoad);
setInterval(showAnswerAge, 100);
poll();
