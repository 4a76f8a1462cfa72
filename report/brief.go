// The community manager's brief: WriteBriefHTML and WriteBriefText print
// a strategy.Brief (see strategy.Strategy.Brief) as one self-contained
// HTML page and as plain text for a chat message or an email. The page
// needs no script, font, image or style sheet from elsewhere, prints on
// one A4 or Letter sheet, front and back, for a usual week, and has a section for each
// part, with stable ids: brief-voice, brief-objectives, brief-week,
// brief-replies, brief-approvals and brief-crisis. Times are printed on
// the person's wall clock, with the zone's abbreviation and its IANA name
// in the heading. Every text of the plan is escaped; invalid UTF-8 is
// replaced and control characters become spaces, so a hostile name neither
// breaks the page nor the message.

package report

import (
	"bufio"
	"html/template"
	"io"

	"github.com/tandemsocial/tandem/strategy"
)

// BriefSections returns the ids of the brief page's sections, in page
// order. The slice is new on every call.
func BriefSections() []string {
	return []string{"brief-voice", "brief-objectives", "brief-week", "brief-replies", "brief-approvals", "brief-crisis"}
}

// WriteBriefHTML writes b as one self-contained HTML page: inline CSS, no
// script and nothing loaded from elsewhere, sections with the ids of
// BriefSections. A week with nothing in it says so. A nil brief is
// ErrNoBrief; otherwise the only errors are w's.
func WriteBriefHTML(w io.Writer, b *strategy.Brief) error {
	if b == nil {
		return ErrNoBrief
	}
	bw := bufio.NewWriter(w)
	if err := briefPage.Execute(bw, newBriefView(b)); err != nil {
		return err
	}
	return bw.Flush()
}

var briefPage = template.Must(template.New("brief").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>` + briefCSS + `</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p class="meta">{{with .Roles}}{{.}} · {{end}}week of {{.Span}} · as of {{.AsOf}} · times on the <strong>{{.Zone}}</strong> clock</p>
</header>
<section id="brief-voice">
<h2>Values and voice</h2>
{{with .Values}}<p><strong>Values:</strong> {{range $i, $v := .}}{{if $i}}, {{end}}{{$v}}{{end}}</p>{{end}}
{{with .Voice}}<dl>{{range .}}<dt>{{.Label}}</dt><dd>{{.Text}}</dd>{{end}}</dl>{{else}}<p class="none">The plan sets no voice rules.</p>{{end}}
</section>
<section id="brief-objectives">
<h2>Objectives and your part</h2>
{{with .Goal}}<p><strong>Goal:</strong> {{.}}</p>{{end}}
{{with .Objectives}}<ol>{{range .}}<li><span class="obj">{{.Statement}}</span>{{with .Deadline}} <span class="muted">by {{.}}</span>{{end}}
{{with .KPIs}}<br><span class="muted">KPIs: {{.}}</span>{{end}}
<br>{{with .Work}}Your part: {{range $i, $w := .}}{{if $i}}; {{end}}{{$w}}{{end}}{{else}}<span class="muted">None of your work serves it directly.</span>{{end}}</li>
{{end}}</ol>{{else}}<p class="none">The plan has no objectives.</p>{{end}}
</section>
<section id="brief-week">
<h2>Your week</h2>
{{with .Groups}}<table>
<thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Where</th><th scope="col">Notes</th></tr></thead>
{{range .}}<tbody><tr class="day"><th colspan="4" scope="rowgroup">{{.Label}}</th></tr>
{{range .Items}}<tr{{if .Flag}} class="flag"{{end}}><td class="when">{{.When}}</td><td><span class="kind">{{.Kind}}</span> {{.Title}}{{with .Text}}<br><span class="muted">{{.}}</span>{{end}}</td><td>{{.Where}}</td><td>{{.Notes}}</td></tr>
{{end}}</tbody>
{{end}}</table>{{else}}<p class="none">Nothing is planned for you from {{.Span}}: no routine slots, posts or open tasks.</p>{{end}}
</section>
<div class="cols">
<section id="brief-replies">
<h2>Saved replies</h2>
{{with .Replies}}<ul>{{range .}}<li><strong>{{.Name}}</strong> <span class="muted">({{.Where}})</span><br><q>{{.Text}}</q></li>
{{end}}</ul>{{else}}<p class="none">No saved reply applies to you.</p>{{end}}
</section>
<section id="brief-approvals">
<h2>Approvals</h2>
{{with .Approvals}}{{range .}}<p><strong>{{.For}}</strong>{{with .Triggers}} <span class="muted">{{.}}</span>{{end}}</p>
<ol class="steps">{{range .Steps}}<li>{{.Label}}: {{.Who}} <span class="muted">({{.Rule}})</span>{{if .You}} <span class="you">you</span>{{end}}</li>{{end}}</ol>
{{end}}{{else}}<p class="none">No approval is needed: posts and replies go out as they are.</p>{{end}}
</section>
</div>
<section id="brief-crisis">
<h2>Crisis: whom to call{{with .CrisisPlan}} <span class="muted">({{.}})</span>{{end}}</h2>
{{with .Crisis}}<table>
<thead><tr><th scope="col">Level</th><th scope="col">Handler</th><th scope="col">Approves statements</th><th scope="col">Escalation and playbook</th></tr></thead>
<tbody>{{range .}}<tr{{if .You}} class="mine"{{end}}><th scope="row">{{.Name}}{{if .You}} <span class="you">you</span>{{end}}<br><span class="muted">{{.Meaning}}</span></th>
<td>{{.Handler}}{{with .FirstResponse}}<br><span class="muted">{{.}}</span>{{end}}</td>
<td>{{.Approver}}{{with .Backup}}<br><span class="muted">backup: {{.}}</span>{{end}}</td>
<td>{{range .Escalation}}{{.}}<br>{{end}}{{.Pause}}{{range .Playbook}}<br>{{.}}{{end}}</td></tr>
{{end}}</tbody></table>{{else}}<p class="none">The plan has no crisis ladder yet: ask the strategist whom to call.</p>{{end}}
</section>
</body>
</html>
`))

const briefCSS = `
:root { color-scheme: light; }
@page { margin: 12mm; }
* { box-sizing: border-box; }
body { font: 9.5pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #111; background: #fff; margin: 0 auto; max-width: 190mm; padding: 6mm; }
h1 { font-size: 15pt; margin: 0 0 2pt; }
h2 { font-size: 11pt; margin: 8pt 0 3pt; border-bottom: 1.5pt solid #333; padding-bottom: 1pt; }
p, ul, ol, dl { margin: 2pt 0; }
ul, ol { padding-left: 14pt; }
.meta, .muted { color: #555; }
.none { font-style: italic; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 1pt 8pt; }
dt { font-weight: 600; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 1.5pt 4pt; border-bottom: 0.5pt solid #bbb; }
thead th { border-bottom: 1pt solid #333; }
tr.day th { background: #e8e8e8; font-weight: 600; }
td.when { white-space: nowrap; }
.kind { font-variant: small-caps; font-weight: 600; }
tr.flag td { font-weight: 600; border-left: 3pt solid #111; }
tr.mine th { border-left: 3pt solid #111; }
.you { border: 1pt solid #111; border-radius: 3pt; padding: 0 2pt; font-size: 8pt; font-weight: 600; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 10pt; }
q { quotes: "\201C" "\201D"; white-space: pre-line; }
tr, li, dl { break-inside: avoid; }
h2 { break-after: avoid; }
@media print { body { padding: 0; max-width: none; } }
`
