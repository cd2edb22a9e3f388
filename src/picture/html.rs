//! The timeline as HTML: the SVG inline in a figure, followed by a list of the
//! events with the words the source uses for each (the hover text of the
//! picture, written out, so it prints and is read by screen readers and
//! search). A fragment for pages that have their own frame, and a standalone
//! page: no scripts, no network assets, system fonts, A4 landscape in print.

use crate::picture::Links;
use crate::picture::metrics::{FONT_FAMILY, xml};
use crate::picture::timeline::Timeline;
use crate::picture::timeline_svg::{self, citation_lines, title, when_text};

/// The figure and the list of events and citations, for a page to embed.
pub fn fragment(timeline: &Timeline, links: &Links) -> String {
    let mut s = String::new();
    s.push_str("<figure class=\"dk-figure\">\n");
    s.push_str(&timeline_svg::svg_untitled(timeline, links));
    s.push_str(&format!(
        "<figcaption>{}. One lane per state and a shared lane for joint events; bars are spans, dots are days, pale bands a month or a year; hollow dots took place during the visit above them. Hover over an event for the source's words.</figcaption>\n</figure>\n",
        xml(&title(timeline))
    ));
    s.push_str("<section class=\"dk-sources\">\n<h2>Events and the source's words</h2>\n<ol>\n");
    for event in &timeline.events {
        let when = when_text(timeline, event);
        let lane = &timeline.lanes[event.lane].label;
        s.push_str(&format!(
            "<li><span class=\"dk-when\">{}</span> <a href=\"{}\">{}</a> <span class=\"dk-lane-tag\">{}</span>",
            xml(&when),
            xml(&links.href(&event.iri)),
            xml(&event.label),
            xml(lane)
        ));
        let lines = citation_lines(event);
        if !lines.is_empty() {
            s.push_str("<br><span class=\"dk-cite\">");
            s.push_str(&xml(&lines.join("; ")));
            s.push_str("</span>");
        }
        s.push_str("</li>\n");
    }
    s.push_str("</ol>\n</section>\n");
    s
}

/// A standalone HTML page of the timeline.
pub fn page(timeline: &Timeline, links: &Links) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n{}</main>\n</body>\n</html>\n",
        xml(&title(timeline)),
        page_style(),
        xml(&title(timeline)),
        fragment(timeline, links)
    )
}

fn page_style() -> String {
    format!(
        "body {{ margin: 0; font-family: {FONT_FAMILY}; color: #111827; background: #ffffff; }}
main {{ padding: 16px 24px; }}
h1 {{ font-size: 20px; margin: 0 0 12px; }}
h2 {{ font-size: 16px; margin: 20px 0 8px; }}
.dk-figure {{ margin: 0; overflow-x: auto; }}
.dk-figure svg {{ display: block; }}
figcaption {{ font-size: 13px; color: #55606e; margin-top: 6px; max-width: 60em; }}
.dk-sources ol {{ font-size: 13px; line-height: 1.45; padding-left: 2em; max-width: 60em; }}
.dk-sources li {{ margin-bottom: 4px; }}
.dk-when {{ font-variant-numeric: tabular-nums; color: #374151; }}
.dk-lane-tag {{ font-size: 11px; color: #55606e; border: 1px solid #d1d5db; border-radius: 3px; padding: 0 4px; }}
.dk-cite {{ color: #55606e; }}
a {{ color: #1d4ed8; }}
@page {{ size: A4 landscape; margin: 12mm; }}
@media print {{
  main {{ padding: 0; }}
  .dk-figure {{ overflow: visible; break-inside: avoid; }}
  .dk-figure svg {{ width: 100%; height: auto; }}
  a {{ color: inherit; text-decoration: none; }}
  .dk-sources li {{ break-inside: avoid; }}
}}
"
    )
}
