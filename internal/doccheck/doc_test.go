// Package doccheck holds a test that every exported identifier of tandem's
// public packages has a doc comment, so that go doc never shows a bare
// name.
package doccheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestExportedIdentifiersHaveDocs walks every non-test Go file of the
// module outside internal/ and examples/ and reports each exported
// package-level name, method and struct-less group without a comment.
func TestExportedIdentifiersHaveDocs(t *testing.T) {
	var missing []string
	packages := map[string]bool{} // directories with a package doc
	dirs := map[string]bool{}
	eachPublicFile(t, parser.ParseComments, func(rel string, f *ast.File) {
		dir := filepath.Dir(rel)
		dirs[dir] = true
		if f.Doc != nil {
			packages[dir] = true
		}
		missing = append(missing, undocumented(rel, f)...)
	})
	for dir := range dirs {
		if !packages[dir] && dir != "." {
			missing = append(missing, dir+": package comment")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no doc comment: %s", m)
	}
	if len(dirs) < 5 {
		t.Fatalf("walked only %d package directories; the walk is broken", len(dirs))
	}
}

// eachPublicFile parses every non-test Go file of the module outside
// internal/, examples/ and testdata/ (the public packages) and calls fn
// with its path relative to the module root.
func eachPublicFile(t *testing.T, mode parser.Mode, fn func(rel string, f *ast.File)) {
	t.Helper()
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || rel == "internal" || rel == "examples" || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, mode)
		if err != nil {
			return err
		}
		fn(rel, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// undocumented lists the exported declarations of f without a comment.
func undocumented(file string, f *ast.File) []string {
	var out []string
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() || d.Doc != nil {
				continue
			}
			if d.Recv != nil && !exportedReceiver(d.Recv) {
				continue
			}
			out = append(out, file+": func "+d.Name.Name)
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() && s.Doc == nil && d.Doc == nil {
						out = append(out, file+": type "+s.Name.Name)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						// A name in a documented group (const ( // X is … ))
						// is covered by the group's comment or its own.
						if n.IsExported() && s.Doc == nil && s.Comment == nil && d.Doc == nil {
							out = append(out, file+": "+d.Tok.String()+" "+n.Name)
						}
					}
				}
			}
		}
	}
	return out
}

func exportedReceiver(recv *ast.FieldList) bool {
	if len(recv.List) == 0 {
		return false
	}
	typ := recv.List[0].Type
	for {
		switch t := typ.(type) {
		case *ast.StarExpr:
			typ = t.X
		case *ast.IndexExpr:
			typ = t.X
		case *ast.IndexListExpr:
			typ = t.X
		case *ast.Ident:
			return t.IsExported()
		default:
			return false
		}
	}
}
