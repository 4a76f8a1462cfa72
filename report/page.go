package report

import (
	"html/template"
	"io"
)

// page is what the HTML template renders.
type page struct {
	Title    string
	Lead     []string
	Sections []section
}

// section is one part of the page, with a stable id.
type section struct {
	ID      string
	Heading string
	// Missing, when set, is the sentence that says the section's input
	// was not given; nothing else is shown.
	Missing string
	Intro   []string
	Tables  []table
	Figures []pageFigure
}

// pageFigure is a figure with its SVG marked safe for the template: the
// canvas escaped every text in it.
type pageFigure struct {
	figure
	Inline template.HTML
}

func newPageFigure(f figure) pageFigure {
	return pageFigure{figure: f, Inline: template.HTML(f.SVG)} //nolint:gosec // built by canvas, which escapes all text
}

// render writes the page.
func (p page) render(w io.Writer) error { return pageTemplate.Execute(w, p) }

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
` + css + `
</style>
</head>
<body>
<main>
<header id="top">
<h1>{{.Title}}</h1>
{{range .Lead}}<p class="lead">{{.}}</p>
{{end}}<nav aria-label="Sections"><ul>{{range .Sections}}<li><a href="#{{.ID}}">{{.Heading}}</a></li>{{end}}</ul></nav>
</header>
{{range .Sections}}<section id="{{.ID}}" class="report-section" aria-labelledby="{{.ID}}-heading">
<h2 id="{{.ID}}-heading">{{.Heading}}</h2>
{{if .Missing}}<p class="missing">{{.Missing}}</p>
{{else}}{{range .Intro}}<p>{{.}}</p>
{{end}}{{range .Figures}}<figure class="chart" id="{{.ID}}" data-chart="{{.Kind}}" data-points="{{.Points}}">
{{.Inline}}
<figcaption><strong>{{.Title}}.</strong> {{.Summary}}{{range .Notes}} <span class="note">{{.}}</span>{{end}}
{{if .Table.Rows}}<details><summary>The figures as a table</summary>
{{template "table" .Table}}
</details>{{end}}</figcaption>
</figure>
{{end}}{{range .Tables}}{{template "table" .}}
{{end}}{{end}}</section>
{{end}}</main>
</body>
</html>
{{define "table"}}<div class="table-wrap"><table>
{{if .Caption}}<caption>{{.Caption}}</caption>{{end}}
<thead><tr>{{range .Head}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table></div>{{end}}
`))

// css lays the page out for screens and for print on A4 and Letter: the
// margins fit both, charts scale to the width and never split across
// pages, and every colour is a grey so the page reads printed in black.
const css = `:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #111; background: #fff; line-height: 1.45; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.7rem; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #111; padding-bottom: .2rem; margin-top: 2.2rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1rem; }
a { color: #111; }
.lead { margin: .2rem 0; }
.missing { font-style: italic; color: #444; }
.note { display: block; color: #333; font-size: .9rem; margin-top: .2rem; }
figure.chart { margin: 1.2rem 0; padding: .5rem; border: 1px solid #bbb; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { display: block; width: 100%; height: auto; max-width: 100%; }
figcaption { font-size: .92rem; margin-top: .4rem; }
details { margin-top: .4rem; font-size: .85rem; }
summary { cursor: pointer; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .85rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid #999; padding: .2rem .4rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #e6e6e6; }
tbody tr:nth-child(even) td { background: #f5f5f5; }
@page { size: auto; margin: 15mm 12mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2, section > p { break-after: avoid; page-break-after: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 8pt; }
  th, td { padding: 1pt 3pt; }
  section { break-before: auto; }
  details > summary { display: none; }
  details { display: block; }
  tr, figure.chart { break-inside: avoid; page-break-inside: avoid; }
  a { text-decoration: none; }
}`
