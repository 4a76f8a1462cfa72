package community

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLinkOutsideAgreesWithLinkHost: the allocation-free host check used
// for link findings beyond the cap agrees with linkHost, which builds the
// findings that are kept.
func TestLinkOutsideAgreesWithLinkHost(t *testing.T) {
	c, err := NewVoiceChecker(VoicePolicy{Links: LinkRule{Domains: []string{"cafetal.es", "Example.COM", "ſtraße.de"}}})
	require.NoError(t, err)
	links := []string{
		"https://cafetal.es/x", "www.CAFETAL.ES", "https://shop.cafetal.es?q", "https://evilcafetal.es",
		"http://cafetal.es.", "http://cafetal.es./%zz", "https://user@cafetal.es/", "https://cafetal.es:80/",
		"https://cafetal.es:abc", "https://[::1]/", "https://example.com#x", "https://a.example.com/b",
		"https://STRASSE.de", "https://ſtraße.de", "https://s.de", "HTTPS://x.y", "www.", "https://%41.es",
		"https://sub.ſtraße.de/p", "https://cafetal.es\\@evil.com",
	}
	for _, link := range links {
		host := linkHost(link)
		want := 1
		if slices.ContainsFunc(c.domains, func(d string) bool { return host == d || strings.HasSuffix(host, "."+d) }) {
			want = 0
		}
		require.Equal(t, want, c.linkOutside(link), "%q (host %q)", link, host)
	}
	allocs := testing.AllocsPerRun(20, func() { c.linkOutside("https://shop.cafetal.es/help?x=1") })
	require.Zero(t, allocs)
}
