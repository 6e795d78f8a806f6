package emulator

import (
	"net/url"
	"strconv"

	"github.com/runsuite/runsuite/contract"
)

// This file reads list parameters by mode. The OpenAPI schema types limit
// as an integer and order as an enum; the range 1..100 and the rule that a
// cursor names an item of the list are the live API's business rules.
// Strict mode applies them all; lenient mode applies only the schema:
// a limit outside 1..100 is brought into range (0 and below read as the
// default, as when absent) and a cursor that names no item is ignored.

// parseList reads and checks the pagination parameters of a list request
// by the server's mode.
func (s *Server) parseList(q url.Values) (listQuery, *apiError) {
	if s.lenient() {
		q = clampLimit(q)
	}
	lq, tree, aerr := parseListQuery(q)
	if aerr != nil {
		return lq, aerr
	}
	if err := (contract.RunListParams{Limit: lq.limit, Order: lq.order}).Validate(); err != nil {
		return lq, paramFailure(err, tree)
	}
	return lq, nil
}

// clampLimit returns q with an integer limit outside 1..100 brought into
// range: below 1 it is dropped (the default applies), above 100 it is
// 100. A limit that is not an integer is left for parseListQuery to
// refuse, as the schema does. q itself is not changed.
func clampLimit(q url.Values) url.Values {
	v := q.Get("limit")
	if v == "" {
		return q
	}
	n, err := strconv.Atoi(v)
	if err != nil || n >= contract.MinListLimit && n <= contract.MaxListLimit {
		return q
	}
	c := make(url.Values, len(q))
	for k, vs := range q {
		c[k] = vs
	}
	if n < contract.MinListLimit {
		delete(c, "limit")
	} else {
		c["limit"] = []string{strconv.Itoa(contract.MaxListLimit)}
	}
	return c
}

// looseCursors drops, in lenient mode, the cursors of lq that name no item
// of the list (known reports whether an id names one), so that the page
// is read as if they were absent. In strict mode lq is left as it is and
// pagination refuses such a cursor.
func (s *Server) looseCursors(lq *listQuery, known func(id string) bool) {
	if !s.lenient() {
		return
	}
	if lq.after != "" && !known(lq.after) {
		lq.after = ""
	}
	if lq.before != "" && !known(lq.before) {
		lq.before = ""
	}
}
