package cassette

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

// Placeholder is what every secret becomes before a cassette is written.
const Placeholder = "REDACTED"

// secretHeaders are headers whose whole value is a credential or identifies
// an account; they are kept with the value Placeholder.
var secretHeaders = []string{
	"Authorization",
	"Proxy-Authorization",
	"OpenAI-Organization",
	"OpenAI-Project",
	"Cookie",
	"Set-Cookie",
	"Api-Key",
	"X-Api-Key",
	"Ocp-Apim-Subscription-Key",
}

// secretQueryKeys are query parameters whose value is a credential.
var secretQueryKeys = []string{"api_key", "api-key", "apikey", "key", "access_token", "token", "sig"}

// keyPattern matches what looks like an OpenAI API key (sk-…, sk-proj-…,
// sk-svcacct-…, sk-admin-…) or a bearer token written out in text.
var keyPattern = regexp.MustCompile(`\bsk-[A-Za-z0-9_\-]{8,}|(?i:\b(bearer\s+))[A-Za-z0-9._~+/\-]{16,}=*`)

// ScrubString replaces everything in s that looks like an API key or a
// bearer token with Placeholder.
func ScrubString(s string) string {
	if !strings.Contains(s, "sk-") && !strings.Contains(strings.ToLower(s), "bearer") {
		return s
	}
	// ${1} is the "Bearer " of a bearer token, kept with its spacing.
	return keyPattern.ReplaceAllString(s, "${1}"+Placeholder)
}

// ScrubHeader returns a copy of h with every secret header set to
// Placeholder and key-like values elsewhere replaced. An Authorization
// value keeps its scheme ("Bearer REDACTED"), so what kind of credential
// was sent stays visible.
func ScrubHeader(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for name, values := range h {
		secret := slices.ContainsFunc(secretHeaders, func(s string) bool { return strings.EqualFold(s, name) })
		vs := make([]string, len(values))
		for i, v := range values {
			if secret {
				vs[i] = redactCredential(name, v)
			} else {
				vs[i] = ScrubString(v)
			}
		}
		out[name] = vs
	}
	return out
}

// redactCredential is the recorded value of a secret header: Placeholder,
// after the scheme of an Authorization value.
func redactCredential(name, v string) string {
	if strings.EqualFold(name, "Authorization") || strings.EqualFold(name, "Proxy-Authorization") {
		if scheme, _, ok := strings.Cut(strings.TrimSpace(v), " "); ok && scheme != "" && !strings.HasPrefix(scheme, "sk-") {
			return scheme + " " + Placeholder
		}
	}
	return Placeholder
}

// ScrubURL returns rawURL with secret query values and key-like values
// replaced. The query keeps its order and encoding except for the replaced
// pairs; a URL that does not parse is scrubbed as text.
func ScrubURL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ScrubString(rawURL)
	}
	changed := false
	if u.User != nil {
		u.User = url.User(Placeholder)
		changed = true
	}
	if u.RawQuery != "" {
		before := u.RawQuery
		pairs := strings.Split(u.RawQuery, "&")
		for i, p := range pairs {
			k, _, hasValue := strings.Cut(p, "=")
			name, err := url.QueryUnescape(k)
			if err != nil {
				name = k
			}
			if hasValue && slices.ContainsFunc(secretQueryKeys, func(s string) bool { return strings.EqualFold(s, name) }) {
				pairs[i] = k + "=" + Placeholder
				continue
			}
			if v, err := url.QueryUnescape(p); err == nil && ScrubString(v) != v {
				pairs[i] = k + "=" + Placeholder
			}
		}
		u.RawQuery = strings.Join(pairs, "&")
		changed = changed || u.RawQuery != before
	}
	if !changed {
		return ScrubString(rawURL)
	}
	return ScrubString(u.String())
}

// Scrub replaces the secrets of one interaction in place: credential
// headers, cookies, secret query values and anything that looks like an API
// key in headers, URL, form or bodies. It is what every cassette this package
// writes goes through.
func Scrub(i *vcr.Interaction) {
	i.Request.Headers = ScrubHeader(i.Request.Headers)
	i.Request.Trailer = ScrubHeader(i.Request.Trailer)
	i.Request.URL = ScrubURL(i.Request.URL)
	i.Request.RequestURI = ScrubURL(i.Request.RequestURI)
	i.Request.Host = ScrubString(i.Request.Host)
	i.Request.Body = ScrubString(i.Request.Body)
	if i.Request.Form != nil {
		form := make(url.Values, len(i.Request.Form))
		for k, vs := range i.Request.Form {
			out := make([]string, len(vs))
			for j, v := range vs {
				out[j] = ScrubString(v)
				if slices.ContainsFunc(secretQueryKeys, func(s string) bool { return strings.EqualFold(s, k) }) {
					out[j] = Placeholder
				}
			}
			form[k] = out
		}
		i.Request.Form = form
	}
	i.Response.Headers = ScrubHeader(i.Response.Headers)
	i.Response.Trailer = ScrubHeader(i.Response.Trailer)
	i.Response.Body = ScrubString(i.Response.Body)
}
