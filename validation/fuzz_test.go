package validation_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/tandemsocial/tandem/validation"
)

// FuzzErrorJSON decodes arbitrary JSON as an Error and re-roots it: nothing
// panics, and every merged path keeps the original path as its suffix.
func FuzzErrorJSON(f *testing.F) {
	f.Add(`{"errors":[{"path":"a[1].b","code":"required","detail":"is required"}]}`, "plan")
	f.Add(`{"errors":[{"path":"[0]","code":"invalid","detail":"x","value":3}]}`, "")
	f.Add(`{"errors":[{"path":"a","code":"omitted","detail":"x"}],"omitted":2499990}`, "p")
	f.Fuzz(func(t *testing.T, data, prefix string) {
		var e validation.Error
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			return
		}
		_ = e.Error()
		if len(e.Errors) == 0 {
			return
		}
		for _, fe := range e.Errors {
			if fe == nil {
				return // JSON null entries: not something Validate produces
			}
		}
		var p *validation.Path
		if prefix != "" {
			p = validation.NewPath(prefix)
		}
		merged := validation.ErrorList(nil).Merge(p, &e)
		kept := min(len(e.Errors), validation.MaxErrors)
		var verr *validation.Error
		if !errors.As(merged.Err(), &verr) {
			t.Fatal("merged list is not a validation error")
		}
		if len(verr.Errors) != kept {
			t.Fatalf("merge kept %d of %d errors", len(verr.Errors), len(e.Errors))
		}
		if want := len(e.Errors) - kept + max(e.Omitted, 0); verr.Omitted != want || merged.Omitted() != want {
			t.Fatalf("merge counted %d (list %d) left out, want %d", verr.Omitted, merged.Omitted(), want)
		}
		for i, fe := range verr.Errors {
			orig := e.Errors[i].Path
			if len(fe.Path) < len(orig) || fe.Path[len(fe.Path)-len(orig):] != orig {
				t.Fatalf("path %q does not end with %q", fe.Path, orig)
			}
			if fe.Code != e.Errors[i].Code {
				t.Fatalf("code changed")
			}
		}
		if len(verr.Error()) > len(e.Error())+(len(prefix)+1)*kept+64 {
			t.Fatalf("merged text is longer than the original's with its prefixes")
		}
		if !errors.Is(merged.Err(), validation.ErrInvalid) {
			t.Fatal("merged list is not a validation error")
		}
	})
}

func FuzzParseEnum(f *testing.F) {
	f.Add("red")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		valid := []string{"red", "green", ""}
		v, err := validation.ParseEnum("test.color", []byte(s), valid[:2])
		if (err == nil) != (s == "red" || s == "green") {
			t.Fatalf("ParseEnum(%q) = %q, %v", s, v, err)
		}
		if err == nil && v != s {
			t.Fatalf("ParseEnum(%q) = %q", s, v)
		}
	})
}
