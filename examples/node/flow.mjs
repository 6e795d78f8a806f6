// flow.mjs drives a Runs API server (normally runsuite's `conformance serve`)
// with the official `openai` npm package through
//   create -> stream -> thread.run.requires_action -> submit tool outputs
//   -> stream -> thread.run.completed
// three times, once per way openai-node offers to stream a run:
//
//   stream          runs.stream()          + runs.submitToolOutputsStream()  (AssistantStream helpers)
//   createAndStream runs.createAndStream() + runs.submitToolOutputsStream()  (deprecated alias of stream())
//   raw             runs.create({stream:true}) + runs.submitToolOutputs({stream:true})  (bare SSE Stream)
//
// A fourth flow, poll, covers the operations left: runs.create without a
// stream, polling with runs.retrieve, runs.submitToolOutputs, runs.update,
// runs.list, runs.steps.list and runs.steps.retrieve with include[], and
// runs.cancel, so that the four flows call all ten operations of the
// contract (run under `conformance mock`, see run.sh, they must break no
// client rule).
//
// After each streaming flow it reads the run back (runs.retrieve), lists its steps
// (runs.steps.list) and the thread's messages (messages.list) and checks:
// the run is completed, its tool_calls step carries the outputs we
// submitted, and the streamed text deltas add up to the stored message.
//
// stdout: one compact JSON line (the event names of each stream, in order,
// with runs of the same name folded as "name*N"; final statuses).
// stderr + exit 1: the first failed expectation, or the SDK error.
//
// openai-node signatures/quirks hit with the pinned 7.57.0 (see package.json):
//  * Since v5 the sub-resource methods take the child id first and the parent
//    ids in the params object: runs.retrieve(runId, { thread_id }),
//    runs.submitToolOutputs(runId, { thread_id, tool_outputs }),
//    runs.submitToolOutputsStream(runId, { thread_id, tool_outputs }),
//    runs.steps.list(runId, { thread_id }). v4 was positional:
//    retrieve(threadId, runId), submitToolOutputs(threadId, runId, body),
//    steps.list(threadId, runId). A v4-style retrieve('thread_x', 'run_y') on v7
//    throws before sending: OpenAIError "Path parameters result in path with
//    invalid segments: ... /threads/undefined/runs/thread_x".
//  * runs.create/stream/createAndStream still take (threadId, body).
//  * createAndStream() is kept but marked @deprecated in favour of stream();
//    both build the same AssistantStream.
//  * Every Assistants method is @deprecated (the API sunsets 2026-08-26) but
//    still sends `OpenAI-Beta: assistants=v2`.
//  * openai 7.x declares engines.node >= 22; npm only warns (EBADENGINE) and
//    the code paths used here run on Node 20.
//  * A stream that stops in requires_action just ends: the AssistantStream's
//    finalRun() resolves to the run in requires_action, not an error.

import OpenAI from 'openai';
import { VERSION } from 'openai/version';

const FUNCTION_NAME = 'get_current_weather';

const baseURL = process.env.OPENAI_BASE_URL;
if (!baseURL) {
  console.error(
    'flow.mjs: OPENAI_BASE_URL is not set. Start the emulator with `go run ./cmd/conformance serve` ' +
      'and export the OPENAI_BASE_URL=... line it prints (or use `bash examples/node/run.sh`).',
  );
  process.exit(1);
}

const client = new OpenAI({
  baseURL,
  apiKey: process.env.OPENAI_API_KEY || 'sk-runsuite',
  maxRetries: 0, // a retry would hide the first failure
  timeout: 20_000, // a stream that never ends fails instead of hanging
});

class Expectation extends Error {}

function expect(cond, message) {
  if (!cond) throw new Expectation(message);
}

// fold turns [a, b, b, b, c] into ["a", "b*3", "c"].
function fold(names) {
  const out = [];
  let prev;
  let n = 0;
  const flush = () => {
    if (n > 0) out.push(n > 1 ? `${prev}*${n}` : prev);
  };
  for (const name of names) {
    if (name === prev) {
      n++;
      continue;
    }
    flush();
    prev = name;
    n = 1;
  }
  flush();
  return out;
}

// drain reads a stream of AssistantStreamEvents (an AssistantStream or a raw
// Stream: both are async iterables of {event, data}) to its end.
async function drain(stream) {
  const events = [];
  for await (const ev of stream) events.push(ev);
  return events;
}

// textOf concatenates the text parts of a stored message.
function textOf(message) {
  return message.content
    .filter((c) => c.type === 'text')
    .map((c) => c.text.value)
    .join('');
}

// deltaText concatenates the text of the thread.message.delta events of one
// message.
function deltaText(events, messageId) {
  let text = '';
  for (const ev of events) {
    if (ev.event !== 'thread.message.delta' || ev.data.id !== messageId) continue;
    for (const part of ev.data.delta.content ?? []) {
      if (part.type === 'text' && part.text?.value) text += part.text.value;
    }
  }
  return text;
}

// argumentDeltas concatenates the function arguments that the
// thread.run.step.delta events stream for one tool call. A delta names its
// call by index; the call's id comes in its first delta only.
function argumentDeltas(events, callId) {
  const idByIndex = new Map();
  let args = '';
  for (const ev of events) {
    if (ev.event !== 'thread.run.step.delta') continue;
    const details = ev.data.delta.step_details;
    if (details?.type !== 'tool_calls') continue;
    for (const tc of details.tool_calls ?? []) {
      if (tc.id) idByIndex.set(tc.index, tc.id);
      if (idByIndex.get(tc.index) === callId && tc.type === 'function' && tc.function?.arguments) {
        args += tc.function.arguments;
      }
    }
  }
  return args;
}

// outputFor answers one required function call.
function outputFor(call) {
  expect(call.type === 'function', `required tool call ${call.id} has type ${call.type}, want function`);
  expect(
    call.function.name === FUNCTION_NAME,
    `required tool call ${call.id} calls ${call.function.name}, want ${FUNCTION_NAME}`,
  );
  let args;
  try {
    args = JSON.parse(call.function.arguments);
  } catch (err) {
    throw new Expectation(`tool call ${call.id} arguments are not JSON: ${call.function.arguments}: ${err.message}`);
  }
  expect(
    typeof args.location === 'string',
    `tool call ${call.id} arguments lack the required string "location": ${call.function.arguments}`,
  );
  return JSON.stringify({ location: args.location, temperature: 21, unit: 'celsius', conditions: 'sunny' });
}

const variants = {
  stream: {
    // The user message names the function, so the run's script calls it.
    trigger: 'message',
    start: (threadId, body) => client.beta.threads.runs.stream(threadId, body),
    submit: (runId, params) => client.beta.threads.runs.submitToolOutputsStream(runId, params),
  },
  createAndStream: {
    // The message names no tool: tool_choice forces the function.
    trigger: 'tool_choice',
    start: (threadId, body) => client.beta.threads.runs.createAndStream(threadId, body),
    submit: (runId, params) => client.beta.threads.runs.submitToolOutputsStream(runId, params),
  },
  raw: {
    trigger: 'message',
    start: (threadId, body) => client.beta.threads.runs.create(threadId, { ...body, stream: true }),
    submit: (runId, params) => client.beta.threads.runs.submitToolOutputs(runId, { ...params, stream: true }),
  },
};

async function flow(name, assistantId) {
  const v = variants[name];
  const userText =
    v.trigger === 'message'
      ? `What is the weather in Paris right now? Use ${FUNCTION_NAME}.`
      : 'What is the weather in Paris right now?';
  const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: userText }] });
  const body = { assistant_id: assistantId };
  if (v.trigger === 'tool_choice') body.tool_choice = { type: 'function', function: { name: FUNCTION_NAME } };

  // First stream: up to requires_action.
  const s1 = await v.start(thread.id, body);
  const ev1 = await drain(s1);
  const names1 = ev1.map((e) => e.event);
  expect(ev1.length > 0, `${name}: the first stream carried no events`);
  expect(names1[0] === 'thread.run.created', `${name}: first stream starts with ${names1[0]}, want thread.run.created`);
  const runId = ev1[0].data.id;
  const ra = ev1.filter((e) => e.event === 'thread.run.requires_action');
  expect(ra.length === 1, `${name}: first stream has ${ra.length} thread.run.requires_action events, want 1: ${names1}`);
  expect(
    names1.at(-1) === 'thread.run.requires_action',
    `${name}: first stream ends with ${names1.at(-1)}, want thread.run.requires_action`,
  );
  const run1 = ra[0].data;
  expect(run1.id === runId, `${name}: requires_action is for run ${run1.id}, the stream created ${runId}`);
  expect(run1.status === 'requires_action', `${name}: requires_action event carries status ${run1.status}`);
  expect(
    run1.required_action?.type === 'submit_tool_outputs',
    `${name}: required_action.type is ${run1.required_action?.type}, want submit_tool_outputs`,
  );
  if (typeof s1.finalRun === 'function') {
    // AssistantStream helper: its snapshot of the run must agree.
    const fr = await s1.finalRun();
    expect(fr.status === 'requires_action', `${name}: AssistantStream.finalRun() status ${fr.status}, want requires_action`);
  }

  const calls = run1.required_action.submit_tool_outputs.tool_calls;
  expect(calls.length > 0, `${name}: required_action lists no tool calls`);
  for (const c of calls) {
    const streamedArgs = argumentDeltas(ev1, c.id);
    expect(
      streamedArgs === c.function.arguments,
      `${name}: step deltas of call ${c.id} spell ${JSON.stringify(streamedArgs)}, required_action says ${JSON.stringify(c.function.arguments)}`,
    );
  }
  const tool_outputs = calls.map((c) => ({ tool_call_id: c.id, output: outputFor(c) }));

  // Second stream: submit and run to completion.
  const s2 = await v.submit(runId, { thread_id: thread.id, tool_outputs });
  const ev2 = await drain(s2);
  const names2 = ev2.map((e) => e.event);
  expect(
    names2.at(-1) === 'thread.run.completed',
    `${name}: submit stream ends with ${names2.at(-1)}, want thread.run.completed: ${names2}`,
  );
  const created = ev2.find((e) => e.event === 'thread.message.created');
  expect(created, `${name}: submit stream has no thread.message.created: ${names2}`);
  const streamed = deltaText(ev2, created.data.id);
  expect(streamed.length > 0, `${name}: submit stream has no text deltas for message ${created.data.id}`);
  const done = ev2.find((e) => e.event === 'thread.message.completed' && e.data.id === created.data.id);
  expect(done, `${name}: submit stream has no thread.message.completed for ${created.data.id}`);
  expect(
    textOf(done.data) === streamed,
    `${name}: thread.message.completed text ${JSON.stringify(textOf(done.data))} != deltas ${JSON.stringify(streamed)}`,
  );
  if (typeof s2.finalRun === 'function') {
    const fr = await s2.finalRun();
    expect(fr.status === 'completed', `${name}: AssistantStream.finalRun() status ${fr.status}, want completed`);
    const fm = await s2.finalMessages();
    const snap = fm.find((m) => m.id === created.data.id);
    expect(snap, `${name}: AssistantStream.finalMessages() lacks ${created.data.id}`);
    expect(
      textOf(snap) === streamed,
      `${name}: AssistantStream snapshot text ${JSON.stringify(textOf(snap))} != deltas ${JSON.stringify(streamed)}`,
    );
  }

  // Read everything back.
  const run = await client.beta.threads.runs.retrieve(runId, { thread_id: thread.id });
  expect(run.status === 'completed', `${name}: runs.retrieve status ${run.status}, want completed`);

  const steps = [];
  for await (const step of client.beta.threads.runs.steps.list(runId, { thread_id: thread.id })) steps.push(step);
  const toolStep = steps.find((s) => s.step_details.type === 'tool_calls');
  expect(toolStep, `${name}: runs.steps.list has no tool_calls step (types: ${steps.map((s) => s.step_details.type)})`);
  expect(toolStep.status === 'completed', `${name}: tool_calls step status ${toolStep.status}, want completed`);
  for (const out of tool_outputs) {
    const tc = toolStep.step_details.tool_calls.find((c) => c.id === out.tool_call_id);
    expect(tc, `${name}: tool_calls step lacks call ${out.tool_call_id}`);
    expect(
      tc.type === 'function' && tc.function.output === out.output,
      `${name}: tool call ${out.tool_call_id} output ${JSON.stringify(tc.function?.output)}, submitted ${JSON.stringify(out.output)}`,
    );
  }
  const msgStep = steps.find((s) => s.step_details.type === 'message_creation');
  expect(msgStep, `${name}: runs.steps.list has no message_creation step`);
  expect(
    msgStep.step_details.message_creation.message_id === created.data.id,
    `${name}: message_creation step names ${msgStep.step_details.message_creation.message_id}, streamed ${created.data.id}`,
  );

  const messages = [];
  for await (const m of client.beta.threads.messages.list(thread.id, { order: 'asc' })) messages.push(m);
  const reply = messages.find((m) => m.id === created.data.id);
  expect(reply, `${name}: messages.list lacks the streamed message ${created.data.id}`);
  expect(reply.role === 'assistant', `${name}: message ${reply.id} role ${reply.role}, want assistant`);
  expect(reply.run_id === runId, `${name}: message ${reply.id} run_id ${reply.run_id}, want ${runId}`);
  expect(
    textOf(reply) === streamed,
    `${name}: messages.list text ${JSON.stringify(textOf(reply))} != concatenated deltas ${JSON.stringify(streamed)}`,
  );

  return {
    flow: name,
    trigger: v.trigger,
    tool_calls: calls.length,
    streams: { create: fold(names1), submit: fold(names2) },
    status: run.status,
  };
}

// The one include[] value of the contract: file_search result content.
const INCLUDE = ['step_details.tool_calls[*].file_search.results[*].content'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// waitFor polls runs.retrieve until the run reaches one of statuses, at most
// 400 times 50 ms apart (20 s), and fails on any other terminal status.
async function waitFor(run, statuses) {
  for (let i = 0; i < 400; i++) {
    if (statuses.includes(run.status)) return run;
    expect(
      !['failed', 'cancelled', 'expired', 'incomplete', 'completed'].includes(run.status),
      `poll: run ${run.id} ended ${run.status} while waiting for ${statuses}`,
    );
    await sleep(50);
    run = await client.beta.threads.runs.retrieve(run.id, { thread_id: run.thread_id });
  }
  throw new Expectation(`poll: run ${run.id} still ${run.status} after 20 s, want ${statuses}`);
}

// pollFlow drives the operations the streaming flows leave out, without
// streaming: runs.create, runs.retrieve (polling), runs.submitToolOutputs,
// runs.update, runs.list, runs.steps.list and runs.steps.retrieve with
// include[], and runs.cancel on a second run.
async function pollFlow(assistantId) {
  const thread = await client.beta.threads.create({
    messages: [{ role: 'user', content: `What is the weather in Paris right now? Use ${FUNCTION_NAME}.` }],
  });
  let run = await client.beta.threads.runs.create(thread.id, { assistant_id: assistantId, metadata: { flow: 'poll' } });
  expect(run.thread_id === thread.id, `poll: created run is on thread ${run.thread_id}, want ${thread.id}`);
  run = await waitFor(run, ['requires_action']);
  const calls = run.required_action.submit_tool_outputs.tool_calls;
  expect(calls.length > 0, 'poll: required_action lists no tool calls');
  const tool_outputs = calls.map((c) => ({ tool_call_id: c.id, output: outputFor(c) }));
  run = await client.beta.threads.runs.submitToolOutputs(run.id, { thread_id: thread.id, tool_outputs });
  run = await waitFor(run, ['completed']);

  const updated = await client.beta.threads.runs.update(run.id, {
    thread_id: thread.id,
    metadata: { flow: 'poll', reviewed: 'yes' },
  });
  expect(updated.metadata?.reviewed === 'yes', `poll: runs.update metadata ${JSON.stringify(updated.metadata)}`);

  const listed = [];
  for await (const r of client.beta.threads.runs.list(thread.id, { limit: 2, order: 'asc' })) listed.push(r);
  expect(listed.some((r) => r.id === run.id), `poll: runs.list lacks ${run.id}: ${listed.map((r) => r.id)}`);

  // limit 1 makes the SDK walk the pages with after=<last id>, include[] kept.
  const steps = [];
  for await (const st of client.beta.threads.runs.steps.list(run.id, {
    thread_id: thread.id,
    include: INCLUDE,
    limit: 1,
    order: 'asc',
  }))
    steps.push(st);
  expect(steps.length >= 2, `poll: runs.steps.list gave ${steps.length} steps, want the tool call and the message`);
  const step = await client.beta.threads.runs.steps.retrieve(steps[0].id, {
    thread_id: thread.id,
    run_id: run.id,
    include: INCLUDE,
  });
  expect(step.id === steps[0].id && step.run_id === run.id, `poll: runs.steps.retrieve gave ${step.id} of ${step.run_id}`);

  const other = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Never mind.' }] });
  const doomed = await client.beta.threads.runs.create(other.id, { assistant_id: assistantId });
  const cancelled = await client.beta.threads.runs.cancel(doomed.id, { thread_id: other.id });
  expect(
    ['cancelling', 'cancelled'].includes(cancelled.status),
    `poll: runs.cancel status ${cancelled.status}, want cancelling or cancelled`,
  );

  return { flow: 'poll', tool_calls: calls.length, steps: steps.length, status: run.status, cancelled: cancelled.status };
}

async function main() {
  const assistant = await client.beta.assistants.create({
    model: 'gpt-4o',
    name: 'runsuite-node-flow',
    instructions: 'Answer weather questions with get_current_weather.',
    tools: [
      {
        type: 'function',
        function: {
          name: FUNCTION_NAME,
          description: 'Get the current weather in a given location',
          parameters: {
            type: 'object',
            properties: {
              location: { type: 'string', description: 'The city, e.g. Paris' },
              unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
            },
            required: ['location'],
          },
        },
      },
    ],
  });
  const flows = [];
  for (const name of Object.keys(variants)) flows.push(await flow(name, assistant.id));
  flows.push(await pollFlow(assistant.id));
  console.log(JSON.stringify({ ok: true, openai: VERSION, node: process.version, flows }));
}

main().catch((err) => {
  if (err instanceof Expectation) {
    console.error(`flow.mjs: FAIL: ${err.message}`);
  } else if (err instanceof OpenAI.APIError) {
    // The SDK's view of an HTTP failure: status, error body, request id.
    console.error(
      `flow.mjs: SDK ${err.constructor.name}: status=${err.status} message=${err.message}\n` +
        `  error=${JSON.stringify(err.error)}\n  request_id=${err.requestID ?? err.request_id ?? '-'}`,
    );
    if (err.cause) console.error(`  cause: ${err.cause?.stack ?? err.cause}`);
  } else {
    console.error(`flow.mjs: ${err?.stack ?? err}`);
  }
  process.exit(1);
});
