package contract

import (
	jr "github.com/runsuite/runsuite/contract/internal/jsonread"
)

// This file holds the reflection-free readers DecodeEvent uses. Each reads
// the keys its type's struct tags name, skips (and still syntax-checks) the
// others, and must stay in step with the tags: TestReadersMatchEncodingJSON
// decodes every fixture and recorded payload both ways and compares.

func readThread(r *jr.Reader, v *Thread) {
	for obj := objectStart(r); obj.Next(); {
		switch obj.Key() {
		case "id":
			v.ID = r.Str()
		case "object":
			v.Object = r.Str()
		case "created_at":
			v.CreatedAt = r.Int()
		case "tool_resources":
			v.ToolResources = jr.Ptr(r, readToolResources)
		case "metadata":
			v.Metadata = r.StringMap()
		default:
			r.Skip()
		}
	}
}

func readRun(r *jr.Reader, v *Run) {
	for obj := objectStart(r); obj.Next(); {
		switch obj.Key() {
		case "id":
			v.ID = r.Str()
		case "object":
			v.Object = r.Str()
		case "created_at":
			v.CreatedAt = r.Int()
		case "thread_id":
			v.ThreadID = r.Str()
		case "assistant_id":
			v.AssistantID = r.Str()
		case "status":
			v.Status = RunStatus(r.Str())
		case "required_action":
			v.RequiredAction = jr.Ptr(r, readRequiredAction)
		case "last_error":
			v.LastError = jr.Ptr(r, readLastError)
		case "expires_at":
			v.ExpiresAt = r.NullableInt()
		case "started_at":
			v.StartedAt = r.NullableInt()
		case "cancelled_at":
			v.CancelledAt = r.NullableInt()
		case "failed_at":
			v.FailedAt = r.NullableInt()
		case "completed_at":
			v.CompletedAt = r.NullableInt()
		case "incomplete_details":
			v.IncompleteDetails = jr.Ptr(r, readIncompleteDetails)
		case "model":
			v.Model = r.Str()
		case "instructions":
			v.Instructions = r.Str()
		case "tools":
			v.Tools = jr.Slice(r, readTool)
		case "tool_resources":
			v.ToolResources = jr.Ptr(r, readToolResources)
		case "metadata":
			v.Metadata = r.StringMap()
		case "usage":
			v.Usage = jr.Ptr(r, readUsage)
		case "temperature":
			v.Temperature = r.NullableFloat()
		case "top_p":
			v.TopP = r.NullableFloat()
		case "reasoning_effort":
			v.ReasoningEffort = (*ReasoningEffort)(r.NullableString())
		case "max_prompt_tokens":
			v.MaxPromptTokens = r.NullableInt()
		case "max_completion_tokens":
			v.MaxCompletionTokens = r.NullableInt()
		case "truncation_strategy":
			v.TruncationStrategy = jr.Ptr(r, readTruncationStrategy)
		case "tool_choice":
			v.ToolChoice = jr.Ptr(r, readToolChoice)
		case "parallel_tool_calls":
			v.ParallelToolCalls = r.Bool()
		case "response_format":
			v.ResponseFormat = jr.Ptr(r, readResponseFormat)
		default:
			r.Skip()
		}
	}
}

func readRequiredAction(r *jr.Reader, v *RequiredAction) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = r.Str()
		case "submit_tool_outputs":
			for obj := r.Object(); obj.Next(); {
				if obj.Key() == "tool_calls" {
					v.SubmitToolOutputs.ToolCalls = jr.Slice(r, readRequiredToolCall)
				} else {
					r.Skip()
				}
			}
		default:
			r.Skip()
		}
	}
}

func readRequiredToolCall(r *jr.Reader, v *RequiredToolCall) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "id":
			v.ID = r.Str()
		case "type":
			v.Type = ToolType(r.Str())
		case "function":
			for obj := r.Object(); obj.Next(); {
				switch obj.Key() {
				case "name":
					v.Function.Name = r.Str()
				case "arguments":
					v.Function.Arguments = r.Str()
				default:
					r.Skip()
				}
			}
		default:
			r.Skip()
		}
	}
}

func readLastError(r *jr.Reader, v *LastError) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "code":
			v.Code = r.Str()
		case "message":
			v.Message = r.Str()
		default:
			r.Skip()
		}
	}
}

func readIncompleteDetails(r *jr.Reader, v *IncompleteDetails) {
	v.Reason = jr.OneString(r, "reason")
}

func readUsage(r *jr.Reader, v *Usage) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "completion_tokens":
			v.CompletionTokens = r.Int()
		case "prompt_tokens":
			v.PromptTokens = r.Int()
		case "total_tokens":
			v.TotalTokens = r.Int()
		default:
			r.Skip()
		}
	}
}

func readTool(r *jr.Reader, v *Tool) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = ToolType(r.Str())
		case "file_search":
			v.FileSearch = jr.Ptr(r, readFileSearchToolOptions)
		case "function":
			v.Function = jr.Ptr(r, readFunctionDefinition)
		default:
			r.Skip()
		}
	}
}

func readFunctionDefinition(r *jr.Reader, v *FunctionDefinition) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "name":
			v.Name = r.Str()
		case "description":
			v.Description = r.Str()
		case "parameters":
			v.Parameters = r.Raw()
		case "strict":
			v.Strict = r.NullableBool()
		default:
			r.Skip()
		}
	}
}

func readFileSearchToolOptions(r *jr.Reader, v *FileSearchToolOptions) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "max_num_results":
			v.MaxNumResults = r.NullableInt()
		case "ranking_options":
			v.RankingOptions = jr.Ptr(r, readRankingOptions)
		default:
			r.Skip()
		}
	}
}

func readRankingOptions(r *jr.Reader, v *FileSearchRankingOptions) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "ranker":
			v.Ranker = r.Str()
		case "score_threshold":
			v.ScoreThreshold = r.Float()
		default:
			r.Skip()
		}
	}
}

func readToolResources(r *jr.Reader, v *ToolResources) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "code_interpreter":
			v.CodeInterpreter = jr.Ptr(r, func(r *jr.Reader, v *CodeInterpreterResources) {
				for obj := r.Object(); obj.Next(); {
					if obj.Key() == "file_ids" {
						v.FileIDs = r.Strings()
					} else {
						r.Skip()
					}
				}
			})
		case "file_search":
			v.FileSearch = jr.Ptr(r, func(r *jr.Reader, v *FileSearchResources) {
				for obj := r.Object(); obj.Next(); {
					if obj.Key() == "vector_store_ids" {
						v.VectorStoreIDs = r.Strings()
					} else {
						r.Skip()
					}
				}
			})
		default:
			r.Skip()
		}
	}
}

func readTruncationStrategy(r *jr.Reader, v *TruncationStrategy) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = r.Str()
		case "last_messages":
			v.LastMessages = r.NullableInt()
		default:
			r.Skip()
		}
	}
}

// readToolChoice reads a mode string or a tool object, like
// ToolChoice.UnmarshalJSON.
func readToolChoice(r *jr.Reader, v *ToolChoice) {
	if r.IsString() {
		v.Type = r.Str()
		return
	}
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = r.Str()
		case "function":
			v.Function = jr.Ptr(r, func(r *jr.Reader, v *ToolChoiceFunction) {
				v.Name = jr.OneString(r, "name")
			})
		default:
			r.Skip()
		}
	}
}

// readResponseFormat reads "auto" or a format object, like
// ResponseFormat.UnmarshalJSON.
func readResponseFormat(r *jr.Reader, v *ResponseFormat) {
	if r.IsString() {
		v.Type = r.Str()
		return
	}
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = r.Str()
		case "json_schema":
			v.JSONSchema = jr.Ptr(r, readJSONSchema)
		default:
			r.Skip()
		}
	}
}

func readJSONSchema(r *jr.Reader, v *JSONSchema) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "name":
			v.Name = r.Str()
		case "description":
			v.Description = r.Str()
		case "schema":
			v.Schema = r.Raw()
		case "strict":
			v.Strict = r.NullableBool()
		default:
			r.Skip()
		}
	}
}

func readErrorObject(r *jr.Reader, v *ErrorObject) {
	for obj := objectStart(r); obj.Next(); {
		switch obj.Key() {
		case "code":
			v.Code = r.NullableString()
		case "message":
			v.Message = r.Str()
		case "param":
			v.Param = r.NullableString()
		case "type":
			v.Type = r.Str()
		default:
			r.Skip()
		}
	}
}
