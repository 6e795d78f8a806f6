package emulator

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/runsuite/runsuite/contract"
)

// This file makes the deterministic texts of the scripts and cuts them
// into deltas.

const (
	greeting   = "Hello! I am the runsuite emulator. How can I help you today?"
	filler     = " This is a scripted reply from the runsuite emulator."
	quoteLimit = 200 // runes of the user message a reply quotes
	// citationFile is the file the file_search script finds and cites.
	citationFile   = "emulator_notes.md"
	citationMarker = "【4:0†" + citationFile + "】"
)

// reply is the text of an assistant message and where its deltas end.
type reply struct {
	text     string
	cuts     []int                // end offset of each delta
	ann      *contract.Annotation // a file_citation, or nil
	annStart int                  // byte offset of the annotated text
}

// chunk returns the text of delta i.
func (r *reply) chunk(i int) string {
	start := 0
	if i > 0 {
		start = r.cuts[i-1]
	}
	return r.text[start:r.cuts[i]]
}

// textReply answers the last user message.
func textReply(userText string) string {
	if strings.TrimSpace(userText) == "" {
		return greeting
	}
	return `You said: "` + truncateRunes(userText, quoteLimit) + `".`
}

func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}

// newReply pads text until it holds at least shape.Deltas words and cuts
// it into deltas.
func newReply(text string, shape StreamShape) reply {
	if missing := shape.Deltas - countWords(text); missing > 0 {
		per := countWords(filler)
		text += strings.Repeat(filler, (missing+per-1)/per)
	}
	return reply{text: text, cuts: cutText(text, shape)}
}

// newCitingReply is the file_search script's answer: a sentence ending in
// a citation of fileID.
func newCitingReply(fileID string, shape StreamShape) reply {
	base := "According to " + citationFile + ", the emulator cites its sources" + citationMarker + "."
	r := newReply(base, shape)
	start := strings.Index(r.text, citationMarker)
	startRunes := int64(utf8.RuneCountInString(r.text[:start]))
	r.ann = &contract.Annotation{
		Type:         "file_citation",
		Text:         citationMarker,
		StartIndex:   startRunes,
		EndIndex:     startRunes + int64(utf8.RuneCountInString(citationMarker)),
		FileCitation: &contract.FileCitation{FileID: fileID},
	}
	r.annStart = start
	return r
}

// countWords counts the places where a word starts.
func countWords(s string) int {
	n, inWord := 0, false
	for _, c := range s {
		space := c == ' ' || c == '\n' || c == '\t'
		if !space && !inWord {
			n++
		}
		inWord = !space
	}
	return n
}

// cutText returns the end offsets of the deltas of s: pieces of
// shape.DeltaSize bytes (widened to whole UTF-8 sequences) when it is set,
// else shape.Deltas runs of whole words, each word keeping the space before
// it.
func cutText(s string, shape StreamShape) []int {
	if len(s) == 0 {
		return []int{0}
	}
	var cuts []int
	if shape.DeltaSize > 0 {
		for off := 0; off < len(s); {
			end := min(off+shape.DeltaSize, len(s))
			for end < len(s) && !utf8.RuneStart(s[end]) {
				end++
			}
			cuts = append(cuts, end)
			off = end
		}
		return cuts
	}
	// Cut before words (with their leading spaces), spreading the words
	// evenly over the deltas: one pass counts them, a second cuts.
	words := 1
	wordStarts(s, func(int) bool { words++; return true })
	n := min(shape.Deltas, words)
	cuts = make([]int, 0, n)
	k, w := 1, 0
	wordStarts(s, func(start int) bool {
		w++ // start is the beginning of word w (the first word is word 0)
		if k < n && w == k*words/n {
			cuts = append(cuts, start)
			k++
		}
		return k < n
	})
	return append(cuts, len(s))
}

// wordStarts calls yield with the offset where each word after the first
// begins, counting the spaces before it, until yield returns false.
func wordStarts(s string, yield func(int) bool) {
	inWord := false
	for i, c := range s {
		space := c == ' ' || c == '\n' || c == '\t'
		if !space && !inWord && i > 0 {
			j := i
			for j > 0 && (s[j-1] == ' ' || s[j-1] == '\n' || s[j-1] == '\t') {
				j--
			}
			if j > 0 && !yield(j) {
				return
			}
		}
		inWord = !space
	}
}

// cutRunes splits s into at most n pieces of nearly equal rune counts and
// returns their end offsets; an empty s gives no pieces.
func cutRunes(s string, n int) []int {
	runes := utf8.RuneCountInString(s)
	if runes == 0 {
		return nil
	}
	n = max(1, min(n, runes))
	var cuts []int
	k, count := 1, 0
	for i := range s {
		if count == k*runes/n && count > 0 {
			cuts = append(cuts, i)
			k++
		}
		count++
	}
	return append(cuts, len(s))
}

// functionArguments makes the arguments of a call to a function: every
// required parameter of its JSON Schema set to a value of its type (the
// first enum value when there is an enum).
func functionArguments(params json.RawMessage) string {
	var sch struct {
		Properties map[string]struct {
			Type any   `json:"type"`
			Enum []any `json:"enum"`
		} `json:"properties"`
		Required []string `json:"required"`
	}
	if len(params) == 0 || json.Unmarshal(params, &sch) != nil {
		return "{}"
	}
	b := []byte{'{'}
	for i, name := range sch.Required {
		if i > 0 {
			b = append(b, ',')
		}
		b = contract.AppendString(b, name)
		b = append(b, ':')
		p := sch.Properties[name]
		if len(p.Enum) > 0 {
			if v, err := json.Marshal(p.Enum[0]); err == nil {
				b = append(b, v...)
				continue
			}
		}
		typ, _ := p.Type.(string)
		switch typ {
		case "number", "integer":
			b = append(b, '1')
		case "boolean":
			b = append(b, "true"...)
		case "array":
			b = append(b, "[]"...)
		case "object":
			b = append(b, "{}"...)
		case "null":
			b = append(b, "null"...)
		default:
			b = contract.AppendString(b, "example")
		}
	}
	return string(append(b, '}'))
}

// codeFor is the code_interpreter script's program: it counts the
// characters of the user message. It returns the code and what it prints.
func codeFor(userText string) (code, logs string) {
	text := truncateRunes(userText, quoteLimit)
	code = "text = " + strconv.Quote(text) + "\nprint(len(text))"
	return code, fmt.Sprintf("%d\n", utf8.RuneCountInString(text))
}

// outputsReply answers submitted tool outputs.
func outputsReply(outputs []string) string {
	if len(outputs) == 0 {
		return "The function returned nothing."
	}
	return "The function returned: " + truncateRunes(strings.Join(outputs, "; "), quoteLimit) + "."
}
