package strictjson

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// decoderMembers lists an object's keys and raw values, or an array's
// raw items, as encoding/json's Decoder reads them: what members and
// array must find.
func decoderMembers(data []byte) (keys []string, raws []string) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, _ := dec.Token()
	for dec.More() {
		if tok == json.Delim('{') {
			k, _ := dec.Token()
			keys = append(keys, k.(string))
		}
		var raw json.RawMessage
		_ = dec.Decode(&raw)
		raws = append(raws, string(raw))
	}
	return keys, raws
}

// FuzzScanner checks the scanner that walks objects and arrays against
// encoding/json's Decoder on every valid document: the same keys
// (escapes resolved, invalid UTF-8 replaced) and the same raw values.
func FuzzScanner(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, ` { "a" : 1 , "b":[1, {"c":"}"}] ,"a":null } `, `[1,"\"]",{"x":[]}, true ,false,-1.5e3]`,
		`{"\u0061":"x","a\\":{"\"":"\\"}}`, "{\"\xff\":1,\"\xfe\":2}", `{"k":"v"}`, `[[[[]]],[{}]]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		data = bytes.TrimSpace(data)
		var keys, raws []string
		switch data[0] {
		case '{':
			eachMember(data, func(k string, raw []byte) {
				keys = append(keys, k)
				raws = append(raws, string(raw))
			})
		case '[':
			eachItem(data, func(raw []byte) bool {
				raws = append(raws, string(raw))
				return true
			})
		default:
			require.Equal(t, len(data), skipValue(data, 0), "%q", data)
			return
		}
		wantKeys, wantRaws := decoderMembers(data)
		require.Equal(t, wantKeys, keys, "%q", data)
		require.Equal(t, wantRaws, raws, "%q", data)
	})
}
