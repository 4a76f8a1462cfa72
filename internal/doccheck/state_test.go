package doccheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestNoExportedMutableState reports every exported package-level variable
// of the public packages other than a sentinel error (ErrX = errors.New):
// an exported variable is state any package in a process may change, and
// then a default or a limit means something else for everybody (the house
// rules forbid it; shopspring/decimal's own globals are the lesson).
func TestNoExportedMutableState(t *testing.T) {
	eachPublicFile(t, parser.SkipObjectResolution, func(rel string, f *ast.File) {
		for _, decl := range f.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, spec := range g.Specs {
				for _, n := range spec.(*ast.ValueSpec).Names {
					if n.IsExported() && !strings.HasPrefix(n.Name, "Err") {
						t.Errorf("exported mutable package state: %s: var %s (make it a constant, a function, or an option)", rel, n.Name)
					}
				}
			}
		}
	})
}
