package contract

import (
	"encoding/json"
	"strings"
	"testing"
)

// Good samples, one per kind, as the emulator and the live API send them.
const (
	goodRun       = `{"id":"run_MQJYR2AnI2UcChvtdWJ4gWt0","object":"thread.run","created_at":1796025062,"thread_id":"thread_pAx2lAncHpOBNpmXjLwZqYzf","assistant_id":"asst_NM8C3C1C3nUzsL3xUbxXzOpo","status":"requires_action","required_action":{"type":"submit_tool_outputs","submit_tool_outputs":{"tool_calls":[{"id":"call_DqLeFpGfaZLVPaHCe2Z8P13L","type":"function","function":{"name":"get_weather","arguments":"{}"}}]}},"last_error":null,"expires_at":1796025662,"started_at":1796025062,"cancelled_at":null,"failed_at":null,"completed_at":null,"incomplete_details":null,"model":"gpt-4o","instructions":"","tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}},{"type":"code_interpreter"},{"type":"file_search","file_search":{"ranking_options":{"ranker":"default_2024_08_21","score_threshold":0.0}}}],"metadata":{"k":"v"},"usage":null,"temperature":1,"top_p":1,"max_prompt_tokens":null,"max_completion_tokens":null,"truncation_strategy":{"type":"auto","last_messages":null},"tool_choice":"auto","parallel_tool_calls":true,"response_format":"auto"}`
	goodStep      = `{"id":"step_DxeOb57dc9PFzVrDFfthnhEd","object":"thread.run.step","created_at":1796025063,"assistant_id":"asst_NM8C3C1C3nUzsL3xUbxXzOpo","thread_id":"thread_pAx2lAncHpOBNpmXjLwZqYzf","run_id":"run_MQJYR2AnI2UcChvtdWJ4gWt0","type":"tool_calls","status":"completed","step_details":{"type":"tool_calls","tool_calls":[{"id":"call_DqLeFpGfaZLVPaHCe2Z8P13L","type":"function","function":{"name":"get_weather","arguments":"{}","output":null}},{"id":"call_a","type":"code_interpreter","code_interpreter":{"input":"1+1","outputs":[{"type":"logs","logs":"2"}]}},{"id":"call_b","type":"file_search","file_search":{"ranking_options":{"ranker":"auto","score_threshold":0.5},"results":[{"file_id":"file_1","file_name":"a.txt","score":0.9,"content":[{"type":"text","text":"hi"}]}]}}]},"last_error":null,"expired_at":null,"cancelled_at":null,"failed_at":null,"completed_at":1796025064,"metadata":null,"usage":{"completion_tokens":1,"prompt_tokens":2,"total_tokens":3}}`
	goodMessage   = `{"id":"msg_P1GlxcuGtxld1xIppdM3hrwb","object":"thread.message","created_at":1796025058,"thread_id":"thread_pAx2lAncHpOBNpmXjLwZqYzf","status":"completed","incomplete_details":null,"completed_at":1796025058,"incomplete_at":null,"role":"user","content":[{"type":"text","text":{"value":"hi","annotations":[]}}],"assistant_id":null,"run_id":null,"attachments":[],"metadata":{}}`
	goodThread    = `{"id":"thread_pAx2lAncHpOBNpmXjLwZqYzf","object":"thread","created_at":1796025058,"tool_resources":null,"metadata":{}}`
	goodAssistant = `{"id":"asst_NM8C3C1C3nUzsL3xUbxXzOpo","object":"assistant","created_at":1796025058,"name":null,"description":null,"model":"gpt-4o","instructions":null,"tools":[],"tool_resources":null,"metadata":{},"temperature":1,"top_p":1,"response_format":"auto","reasoning_effort":null}`
	goodStepDelta = `{"id":"step_u8TKOOkGmyc5Nzo0rNrSzefy","object":"thread.run.step.delta","delta":{"step_details":{"type":"tool_calls","tool_calls":[{"index":0,"id":"call_zj45gcVAY5n7kCf5Y0vHrg7V","type":"code_interpreter","code_interpreter":{"input":"","outputs":[]}}]}}}`
	goodMsgDelta  = `{"id":"msg_Q6BMxf4cHFMlPlF04npTGkz9","object":"thread.message.delta","delta":{"content":[{"index":0,"type":"text","text":{"value":"2","annotations":[]}}]}}`
	goodError     = `{"error":{"code":null,"message":"No run found with id 'run_nope'.","param":null,"type":"invalid_request_error"}}`
	goodErrorObj  = `{"code":"server_error","message":"boom","param":null,"type":"server_error"}`
	goodList      = `{"object":"list","data":[` + goodStep + `],"first_id":"step_DxeOb57dc9PFzVrDFfthnhEd","last_id":"step_DxeOb57dc9PFzVrDFfthnhEd","has_more":false}`
	goodEmptyList = `{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}`
)

// edit decodes a sample, applies f to it and encodes it again.
func edit(t *testing.T, sample string, f func(m map[string]any)) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(sample), &m); err != nil {
		t.Fatalf("sample: %v", err)
	}
	f(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("sample: %v", err)
	}
	return string(b)
}

func set(key string, v any) func(map[string]any) {
	return func(m map[string]any) { m[key] = v }
}

func del(key string) func(map[string]any) { return func(m map[string]any) { delete(m, key) } }

// at returns the object at the dotted path inside m (numbers index arrays).
func at(m map[string]any, path ...any) map[string]any {
	var cur any = m
	for _, p := range path {
		switch k := p.(type) {
		case string:
			cur = cur.(map[string]any)[k]
		case int:
			cur = cur.([]any)[k]
		}
	}
	return cur.(map[string]any)
}

func TestCheckObjectAcceptsGoodSamples(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ kind, data string }{
		{ObjectRun, goodRun},
		{ObjectRunStep, goodStep},
		{ObjectMessage, goodMessage},
		{ObjectThread, goodThread},
		{KindAssistant, goodAssistant},
		{ObjectRunStepDelta, goodStepDelta},
		{ObjectMessageDelta, goodMsgDelta},
		{KindError, goodError},
		{KindErrorObject, goodErrorObj},
		{ObjectList, goodList},
		{ObjectList, goodEmptyList},
	} {
		if got := CheckObject(tc.kind, []byte(tc.data)); len(got) != 0 {
			t.Errorf("CheckObject(%q) got %v, want no violations", tc.kind, got)
		}
	}
}

func TestCheckObjectFindsBrokenSamples(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, kind, sample string
		change             func(m map[string]any)
		pointer, msg       string
	}{
		{"run missing id", ObjectRun, goodRun, del("id"), "/id", "missing key"},
		{"run wrong object", ObjectRun, goodRun, set("object", "run"), "/object", "wrong constant"},
		{"run id prefix", ObjectRun, goodRun, set("id", "xrun_1"), "/id", "wrong id prefix"},
		{"run bare prefix", ObjectRun, goodRun, set("id", "run_"), "/id", "wrong id prefix"},
		{"run thread prefix", ObjectRun, goodRun, set("thread_id", "t_1"), "/thread_id", "wrong id prefix"},
		{"run assistant prefix", ObjectRun, goodRun, set("assistant_id", "a_1"), "/assistant_id", "wrong id prefix"},
		{"run status enum", ObjectRun, goodRun, set("status", "running"), "/status", "value outside the enum"},
		{"run created_at negative", ObjectRun, goodRun, set("created_at", -1), "/created_at", "negative"},
		{"run created_at float", ObjectRun, goodRun, set("created_at", 1.5), "/created_at", "not an integer"},
		{"run created_at string", ObjectRun, goodRun, set("created_at", "1"), "/created_at", "wrong type"},
		{"run created_at null", ObjectRun, goodRun, set("created_at", nil), "/created_at", "null not allowed"},
		{"run started_at missing", ObjectRun, goodRun, del("started_at"), "/started_at", "missing key"},
		{"run model null", ObjectRun, goodRun, set("model", nil), "/model", "null not allowed"},
		{"run tools not array", ObjectRun, goodRun, set("tools", map[string]any{}), "/tools", "wrong type"},
		{"run tool type", ObjectRun, goodRun, func(m map[string]any) { at(m, "tools", 1)["type"] = "web" }, "/tools/1/type", "unknown variant"},
		{"run metadata value", ObjectRun, goodRun, set("metadata", map[string]any{"a/b": 1}), "/metadata/a~1b", "metadata value is not a string"},
		{"run parallel type", ObjectRun, goodRun, set("parallel_tool_calls", "yes"), "/parallel_tool_calls", "wrong type"},
		{"run tool_choice", ObjectRun, goodRun, set("tool_choice", "maybe"), "/tool_choice", "value outside the enum"},
		{"run tool_choice object", ObjectRun, goodRun, set("tool_choice", map[string]any{"type": "web"}), "/tool_choice/type", "value outside the enum"},
		{"run response_format", ObjectRun, goodRun, set("response_format", 3), "/response_format", "wrong type"},
		{"run temperature range", ObjectRun, goodRun, set("temperature", 3), "/temperature", "out of range"},
		{"run usage keys", ObjectRun, goodRun, set("usage", map[string]any{"prompt_tokens": 1}), "/usage/completion_tokens", "missing key"},
		{"run last_error code", ObjectRun, goodRun, set("last_error", map[string]any{"code": "oops", "message": "m"}), "/last_error/code", "value outside the enum"},
		{"run call id", ObjectRun, goodRun, func(m map[string]any) {
			at(m, "required_action", "submit_tool_outputs", "tool_calls", 0)["id"] = "fc_1"
		}, "/required_action/submit_tool_outputs/tool_calls/0/id", "wrong id prefix"},
		{"run action without status", ObjectRun, goodRun, set("status", "in_progress"), "/required_action", "required_action set outside requires_action"},
		{"run status without action", ObjectRun, goodRun, set("required_action", nil), "/required_action", "required_action missing its action"},
		{"step prefix", ObjectRunStep, goodStep, set("id", "stp_1"), "/id", "wrong id prefix"},
		{"step run prefix", ObjectRunStep, goodStep, set("run_id", "r_1"), "/run_id", "wrong id prefix"},
		{"step queued", ObjectRunStep, goodStep, set("status", "queued"), "/status", "value outside the enum"},
		{"step type", ObjectRunStep, goodStep, set("type", "message_creation"), "/step_details/type", "step_details.type differs from type"},
		{"step missing expired_at", ObjectRunStep, goodStep, del("expired_at"), "/expired_at", "missing key"},
		{"step output key", ObjectRunStep, goodStep, func(m map[string]any) {
			delete(at(m, "step_details", "tool_calls", 0, "function"), "output")
		}, "/step_details/tool_calls/0/function/output", "missing key"},
		{"step score range", ObjectRunStep, goodStep, func(m map[string]any) {
			at(m, "step_details", "tool_calls", 2, "file_search", "results", 0)["score"] = 2
		}, "/step_details/tool_calls/2/file_search/results/0/score", "out of range"},
		{"step logs type", ObjectRunStep, goodStep, func(m map[string]any) {
			at(m, "step_details", "tool_calls", 1, "code_interpreter", "outputs", 0)["type"] = "text"
		}, "/step_details/tool_calls/1/code_interpreter/outputs/0/type", "unknown variant"},
		{"step last_error invalid_prompt", ObjectRunStep, goodStep, set("last_error", map[string]any{"code": "invalid_prompt", "message": "m"}), "/last_error/code", "value outside the enum"},
		{"message role", ObjectMessage, goodMessage, set("role", "system"), "/role", "value outside the enum"},
		{"message prefix", ObjectMessage, goodMessage, set("id", "message_1"), "/id", "wrong id prefix"},
		{"message content type", ObjectMessage, goodMessage, func(m map[string]any) { at(m, "content", 0)["type"] = "audio" }, "/content/0/type", "unknown variant"},
		{"message annotations", ObjectMessage, goodMessage, func(m map[string]any) { delete(at(m, "content", 0, "text"), "annotations") }, "/content/0/text/annotations", "missing key"},
		{"message status", ObjectMessage, goodMessage, set("status", "queued"), "/status", "value outside the enum"},
		{"thread object", ObjectThread, goodThread, set("object", "thread.run"), "/object", "wrong constant"},
		{"thread metadata", ObjectThread, goodThread, del("metadata"), "/metadata", "missing key"},
		{"assistant prefix", KindAssistant, goodAssistant, set("id", "assistant_1"), "/id", "wrong id prefix"},
		{"assistant tools", KindAssistant, goodAssistant, set("tools", nil), "/tools", "null not allowed"},
		{"step delta object", ObjectRunStepDelta, goodStepDelta, set("object", "thread.run.step"), "/object", "wrong constant"},
		{"step delta index", ObjectRunStepDelta, goodStepDelta, func(m map[string]any) {
			at(m, "delta", "step_details", "tool_calls", 0)["index"] = -1
		}, "/delta/step_details/tool_calls/0/index", "negative"},
		{"step delta missing index", ObjectRunStepDelta, goodStepDelta, func(m map[string]any) {
			delete(at(m, "delta", "step_details", "tool_calls", 0), "index")
		}, "/delta/step_details/tool_calls/0/index", "missing key"},
		{"message delta role", ObjectMessageDelta, goodMsgDelta, func(m map[string]any) { at(m, "delta")["role"] = "bot" }, "/delta/role", "value outside the enum"},
		{"message delta index", ObjectMessageDelta, goodMsgDelta, func(m map[string]any) { delete(at(m, "delta", "content", 0), "index") }, "/delta/content/0/index", "missing key"},
		{"message delta missing delta", ObjectMessageDelta, goodMsgDelta, del("delta"), "/delta", "missing key"},
		{"error envelope", KindError, goodError, func(m map[string]any) { delete(at(m, "error"), "param") }, "/error/param", "missing key"},
		{"error message type", KindError, goodError, func(m map[string]any) { at(m, "error")["message"] = 1 }, "/error/message", "wrong type"},
		{"error not wrapped", KindError, goodErrorObj, func(map[string]any) {}, "/error", "missing key"},
		{"error object type", KindErrorObject, goodErrorObj, del("type"), "/type", "missing key"},
		{"list object", ObjectList, goodList, set("object", "page"), "/object", "wrong constant"},
		{"list has_more", ObjectList, goodList, set("has_more", "false"), "/has_more", "wrong type"},
		{"list first_id", ObjectList, goodList, set("first_id", "step_other"), "/first_id", "first_id differs from the data"},
		{"list last_id", ObjectList, goodList, set("last_id", nil), "/last_id", "last_id differs from the data"},
		{"list item", ObjectList, goodList, func(m map[string]any) { at(m, "data", 0)["status"] = "queued" }, "/data/0/status", "value outside the enum"},
		{"list item kind", ObjectList, goodList, func(m map[string]any) { at(m, "data", 0)["object"] = "list" }, "/data/0/object", "unknown list item"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			data := edit(t, tc.sample, tc.change)
			got := CheckObject(tc.kind, []byte(data))
			for _, v := range got {
				if v.Pointer == tc.pointer && v.Msg == tc.msg {
					if v.Expected == "" || v.Got == "" {
						t.Errorf("got violation %+v with no expected/got", v)
					}
					return
				}
			}
			t.Errorf("got %v, want a violation %q at %s", got, tc.msg, tc.pointer)
		})
	}
}

func TestCheckObjectRefusesWhatIsNotAnObject(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ kind, data, msg string }{
		{ObjectRun, ``, "body is not valid JSON"},
		{ObjectRun, `{"id":`, "body is not valid JSON"},
		{ObjectRun, `{} {}`, "body is not valid JSON"},
		{ObjectRun, `[]`, "wrong type"},
		{ObjectRun, `null`, "wrong type"},
		{"thread.runs", `{}`, "unknown object kind"},
	} {
		got := CheckObject(tc.kind, []byte(tc.data))
		if len(got) != 1 || got[0].Msg != tc.msg {
			t.Errorf("CheckObject(%q, %q) got %v, want one %q", tc.kind, tc.data, got, tc.msg)
		}
	}
}

func TestCheckObjectIgnoresDeepUnknownKeys(t *testing.T) {
	t.Parallel()
	deep := `{"id":"thread_1","object":"thread","created_at":1,"metadata":null,"tool_resources":null,"extra":` +
		strings.Repeat(`{"a":[`, 2000) + `1` + strings.Repeat(`]}`, 2000) + `}`
	if got := CheckObject(ObjectThread, []byte(deep)); len(got) != 0 {
		t.Fatalf("got %v for deep nesting under an unknown key, want none", got)
	}
}

func TestViolationString(t *testing.T) {
	t.Parallel()
	v := Violation{Pointer: "/id", Expected: `an id starting with "run_"`, Got: `string "x"`, Msg: "wrong id prefix"}
	want := `/id: wrong id prefix: expected an id starting with "run_", got string "x"`
	if got := v.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func FuzzCheckObject(f *testing.F) {
	for _, s := range []string{goodRun, goodStep, goodMessage, goodThread, goodAssistant, goodStepDelta, goodMsgDelta, goodError, goodList, `[`, `{"data":[null]}`} {
		f.Add(ObjectList, s)
		f.Add(ObjectRun, s)
	}
	kinds := ObjectKinds()
	f.Fuzz(func(t *testing.T, kind string, data string) {
		for _, k := range append(kinds, kind) {
			for _, v := range CheckObject(k, []byte(data)) {
				if v.Msg == "" || v.Expected == "" || v.Got == "" {
					t.Fatalf("CheckObject(%q) gave an empty violation %+v", k, v)
				}
			}
		}
	})
}

func BenchmarkCheckObject(b *testing.B) {
	for _, c := range []struct{ name, kind, data string }{
		{"run", ObjectRun, goodRun},
		{"list", ObjectList, goodList},
		{"message_delta", ObjectMessageDelta, goodMsgDelta},
	} {
		b.Run(c.name, func(b *testing.B) {
			data := []byte(c.data)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if vs := CheckObject(c.kind, data); len(vs) != 0 {
					b.Fatal(vs)
				}
			}
		})
	}
}
