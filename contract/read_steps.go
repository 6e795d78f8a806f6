package contract

import (
	jr "github.com/runsuite/runsuite/contract/internal/jsonread"
)

func readRunStep(r *jr.Reader, v *RunStep) {
	for obj := objectStart(r); obj.Next(); {
		switch obj.Key() {
		case "id":
			v.ID = r.Str()
		case "object":
			v.Object = r.Str()
		case "created_at":
			v.CreatedAt = r.Int()
		case "assistant_id":
			v.AssistantID = r.Str()
		case "thread_id":
			v.ThreadID = r.Str()
		case "run_id":
			v.RunID = r.Str()
		case "type":
			v.Type = StepType(r.Str())
		case "status":
			v.Status = StepStatus(r.Str())
		case "step_details":
			readStepDetails(r, &v.StepDetails)
		case "last_error":
			v.LastError = jr.Ptr(r, readLastError)
		case "expires_at":
			v.ExpiresAt = r.NullableInt()
		case "expired_at":
			v.ExpiredAt = r.NullableInt()
		case "cancelled_at":
			v.CancelledAt = r.NullableInt()
		case "failed_at":
			v.FailedAt = r.NullableInt()
		case "completed_at":
			v.CompletedAt = r.NullableInt()
		case "metadata":
			v.Metadata = r.StringMap()
		case "usage":
			v.Usage = jr.Ptr(r, readUsage)
		default:
			r.Skip()
		}
	}
}

func readStepDetails(r *jr.Reader, v *StepDetails) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = StepType(r.Str())
		case "message_creation":
			v.MessageCreation = jr.Ptr(r, func(r *jr.Reader, v *MessageCreation) {
				v.MessageID = jr.OneString(r, "message_id")
			})
		case "tool_calls":
			v.ToolCalls = jr.Slice(r, readToolCall)
		default:
			r.Skip()
		}
	}
}

func readToolCall(r *jr.Reader, v *ToolCall) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "id":
			v.ID = r.Str()
		case "type":
			v.Type = ToolType(r.Str())
		case "code_interpreter":
			v.CodeInterpreter = jr.Ptr(r, readCodeInterpreterCall)
		case "file_search":
			v.FileSearch = jr.Ptr(r, readFileSearchCall)
		case "function":
			v.Function = jr.Ptr(r, readFunctionCall)
		default:
			r.Skip()
		}
	}
}

func readCodeInterpreterCall(r *jr.Reader, v *CodeInterpreterCall) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "input":
			v.Input = r.Str()
		case "outputs":
			v.Outputs = jr.Slice(r, readCodeInterpreterOutput)
		default:
			r.Skip()
		}
	}
}

func readCodeInterpreterOutput(r *jr.Reader, v *CodeInterpreterOutput) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = r.Str()
		case "logs":
			v.Logs = r.Str()
		case "image":
			v.Image = jr.Ptr(r, readFileRef)
		default:
			r.Skip()
		}
	}
}

func readFileRef(r *jr.Reader, v *FileRef) {
	v.FileID = jr.OneString(r, "file_id")
}

func readFileSearchCall(r *jr.Reader, v *FileSearchCall) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "ranking_options":
			v.RankingOptions = jr.Ptr(r, readRankingOptions)
		case "results":
			v.Results = jr.Slice(r, readFileSearchResult)
		default:
			r.Skip()
		}
	}
}

func readFileSearchResult(r *jr.Reader, v *FileSearchResult) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "file_id":
			v.FileID = r.Str()
		case "file_name":
			v.FileName = r.Str()
		case "score":
			v.Score = r.Float()
		case "content":
			v.Content = jr.Slice(r, func(r *jr.Reader, v *FileSearchContent) {
				for obj := r.Object(); obj.Next(); {
					switch obj.Key() {
					case "type":
						v.Type = r.Str()
					case "text":
						v.Text = r.Str()
					default:
						r.Skip()
					}
				}
			})
		default:
			r.Skip()
		}
	}
}

func readFunctionCall(r *jr.Reader, v *FunctionCall) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "name":
			v.Name = r.Str()
		case "arguments":
			v.Arguments = r.Str()
		case "output":
			v.Output = r.NullableString()
		default:
			r.Skip()
		}
	}
}

func readRunStepDelta(r *jr.Reader, v *RunStepDelta) {
	for obj := objectStart(r); obj.Next(); {
		switch obj.Key() {
		case "id":
			v.ID = r.Str()
		case "object":
			v.Object = r.Str()
		case "delta":
			for obj := r.Object(); obj.Next(); {
				if obj.Key() == "step_details" {
					v.Delta.StepDetails = jr.Ptr(r, readStepDetailsDelta)
				} else {
					r.Skip()
				}
			}
		default:
			r.Skip()
		}
	}
}

func readStepDetailsDelta(r *jr.Reader, v *StepDetailsDelta) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = StepType(r.Str())
		case "message_creation":
			v.MessageCreation = jr.Ptr(r, func(r *jr.Reader, v *MessageCreationDelta) {
				v.MessageID = jr.OneString(r, "message_id")
			})
		case "tool_calls":
			v.ToolCalls = jr.Slice(r, readToolCallDelta)
		default:
			r.Skip()
		}
	}
}

func readToolCallDelta(r *jr.Reader, v *ToolCallDelta) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "index":
			v.Index = r.Int()
		case "id":
			v.ID = r.Str()
		case "type":
			v.Type = ToolType(r.Str())
		case "code_interpreter":
			v.CodeInterpreter = jr.Ptr(r, readCodeInterpreterDelta)
		case "file_search":
			v.FileSearch = r.Raw()
		case "function":
			v.Function = jr.Ptr(r, readFunctionDelta)
		default:
			r.Skip()
		}
	}
}

func readCodeInterpreterDelta(r *jr.Reader, v *CodeInterpreterDelta) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "input":
			v.Input = r.Str()
		case "outputs":
			v.Outputs = jr.Slice(r, readCodeInterpreterOutputDelta)
		default:
			r.Skip()
		}
	}
}

func readCodeInterpreterOutputDelta(r *jr.Reader, v *CodeInterpreterOutputDelta) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "index":
			v.Index = r.Int()
		case "type":
			v.Type = r.Str()
		case "logs":
			v.Logs = r.Str()
		case "image":
			v.Image = jr.Ptr(r, func(r *jr.Reader, v *FileRefDelta) {
				v.FileID = jr.OneString(r, "file_id")
			})
		default:
			r.Skip()
		}
	}
}

func readFunctionDelta(r *jr.Reader, v *FunctionDelta) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "name":
			v.Name = r.Str()
		case "arguments":
			v.Arguments = r.Str()
		case "output":
			if r.Null() {
				v.Output = Null[string]()
			} else {
				v.Output = Set(r.Str())
			}
		default:
			r.Skip()
		}
	}
}
