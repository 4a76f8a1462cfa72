package doccheck

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// minGo is the oldest Go release tandem builds and behaves correctly on:
// encoding/json honours `omitzero` from Go 1.24, and without it zero
// times, decimals and structs are written out instead of omitted.
const minGo = 24

// TestGoVersionIsStated checks that go.mod's go directive and every place
// the README states a version agree with what the code needs: a module
// that claims an older Go than its features need builds there and then
// encodes JSON wrongly.
func TestGoVersionIsStated(t *testing.T) {
	root := filepath.Join("..", "..")
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go 1\.(\d+)(\.\d+)?$`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	if minor, _ := strconv.Atoi(string(m[1])); minor != minGo {
		t.Errorf("go.mod says go 1.%d; tandem needs go 1.%d (omitzero) and should say exactly that", minor, minGo)
	}

	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	stated := regexp.MustCompile(`Go \(?1\.(\d+)\)? or later|Go \(1\.(\d+) or later\)`).FindAllSubmatch(readme, -1)
	if len(stated) == 0 {
		t.Fatal("README states no minimum Go version")
	}
	for _, s := range stated {
		v := string(s[1]) + string(s[2])
		if v != strconv.Itoa(minGo) {
			t.Errorf("README says %q; the minimum is Go 1.%d", s[0], minGo)
		}
	}

	// The reason for the minimum: omitzero is in use.
	uses := false
	_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || uses {
			return err
		}
		if d.IsDir() && (d.Name() == "bench" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, ".go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			uses = strings.Contains(string(b), ",omitzero\"")
		}
		return nil
	})
	if !uses {
		t.Logf("no omitzero tag found; the minimum could be lowered below 1.%d", minGo)
	}
}
