//! The neighbourhood as SVG, laid out in-process by `layout-rs` (a Sugiyama
//! layered layout: ranks, crossing reduction, Brandes–Köpf placement, edge
//! labels as their own nodes), so no Graphviz is needed. Its own SVG writer is
//! not used: this module is the backend the layout draws into, collecting
//! boxes, label positions and edge paths, then writes the picture itself, with
//! links, hover text, escaping and a style of its own, in a fixed order so the
//! bytes are the same on every run.

use crate::picture::Links;
use crate::picture::graph::{Edge, Neighbourhood};
use crate::picture::metrics::{self, FONT_FAMILY, num, xml};
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

const NODE_SIZE: f64 = 12.0;
const EDGE_SIZE: f64 = 10.0;
const MARGIN: f64 = 16.0;
/// Line height of a node's name.
const LINE: f64 = 13.5;
const TITLE: f64 = 34.0;
/// Characters per line of a node's name before it wraps.
const WRAP: usize = 26;

/// A drawn edge: its index, whether dashed, and its Bézier path as layout-rs
/// gives it (the first pair: a point and its control; then control, point).
type DrawnEdge = (usize, bool, Vec<(Point, Point)>);

/// What the layout drew, in the order it drew it.
#[derive(Default)]
struct Canvas {
    /// Node boxes: node index, top-left, size.
    boxes: Vec<(usize, Point, Point)>,
    /// Edge label positions (centres), in drawing order.
    labels: Vec<(Point, String)>,
    /// Edge paths: edge index, dashed, path points.
    paths: Vec<DrawnEdge>,
    /// Whether the last thing drawn was a node box (whose text comes next).
    after_box: bool,
}

impl RenderBackend for Canvas {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _look: &StyleAttr,
        properties: Option<String>,
        _clip: Option<ClipHandle>,
    ) {
        if let Some(node) = properties
            .as_deref()
            .and_then(|p| p.strip_prefix('n'))
            .and_then(|n| n.parse().ok())
        {
            self.boxes.push((node, xy, size));
            self.after_box = true;
        }
    }

    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_text(&mut self, xy: Point, text: &str, _look: &StyleAttr) {
        // A node's own text follows its box; other text is an edge's label.
        if std::mem::take(&mut self.after_box) {
            return;
        }
        self.labels.push((xy, text.to_owned()));
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        dashed: bool,
        _head: (bool, bool),
        _look: &StyleAttr,
        properties: Option<String>,
        _text: &str,
    ) {
        self.after_box = false;
        if let Some(edge) = properties
            .as_deref()
            .and_then(|p| p.strip_prefix('e'))
            .and_then(|n| n.parse().ok())
        {
            self.paths.push((edge, dashed, path.to_vec()));
        }
    }

    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}

/// The neighbourhood as a standalone SVG document (also fit to go inline).
pub fn svg(graph: &Neighbourhood, links: &Links) -> String {
    let mut vg = VisualGraph::new(Orientation::LeftToRight);
    let mut handles = Vec::new();
    for (i, node) in graph.nodes.iter().enumerate() {
        let text = wrap(&node.display_label());
        // layout-rs sizes a box as (characters × font size) by (lines × font
        // size) plus padding: a generous box for text set at NODE_SIZE.
        let look = StyleAttr::new(Color::fast("black"), 1, None, 4, NODE_SIZE as usize);
        let shape = ShapeKind::new_box(&text);
        let size = layout::std_shapes::render::get_shape_size(
            Orientation::LeftToRight,
            &shape,
            look.font_size,
            false,
        );
        let size = Point::new(size.x * 0.7, size.y);
        let element = Element::create_with_properties(
            shape,
            look,
            Orientation::LeftToRight,
            size,
            format!("n{i}"),
        );
        handles.push(vg.add_node(element));
    }
    // Parallel links (a visit's `participant` and `visitor`) become one arrow
    // with both names, which keeps a hub's picture readable.
    let mut merged: Vec<Edge> = Vec::new();
    for edge in &graph.edges {
        match merged
            .iter_mut()
            .find(|m| m.from == edge.from && m.to == edge.to && m.claim == edge.claim)
        {
            Some(m) => {
                m.label = format!("{}, {}", m.label, edge.label);
                m.property = format!("{} {}", m.property, edge.property);
            }
            None => merged.push(edge.clone()),
        }
    }
    for (i, edge) in merged.iter().enumerate() {
        let look = StyleAttr::new(Color::fast("black"), 1, None, 0, EDGE_SIZE as usize);
        let style = if edge.claim {
            LineStyleKind::Dashed
        } else {
            LineStyleKind::Normal
        };
        let mut arrow = Arrow::new(
            LineEndKind::None,
            LineEndKind::Arrow,
            style,
            &edge.label,
            &look,
            &None,
            &None,
        );
        arrow.properties = Some(format!("e{i}"));
        vg.add_edge(arrow, handles[edge.from], handles[edge.to]);
    }
    let mut canvas = Canvas::default();
    if !graph.nodes.is_empty() {
        vg.do_it(false, false, false, &mut canvas);
    }

    // The picture's extent, then everything moved below the title.
    let mut min = Point::new(f64::MAX, f64::MAX);
    let mut max = Point::new(f64::MIN, f64::MIN);
    let mut grow = |p: Point| {
        min = Point::new(min.x.min(p.x), min.y.min(p.y));
        max = Point::new(max.x.max(p.x), max.y.max(p.y));
    };
    for (_, xy, size) in &canvas.boxes {
        grow(*xy);
        grow(xy.add(*size));
    }
    for (xy, text) in &canvas.labels {
        let half = metrics::text_width(text, EDGE_SIZE) / 2.0 + 3.0;
        grow(Point::new(xy.x - half, xy.y - 8.0));
        grow(Point::new(xy.x + half, xy.y + 8.0));
    }
    for (_, _, path) in &canvas.paths {
        for (a, b) in path {
            grow(*a);
            grow(*b);
        }
    }
    if canvas.boxes.is_empty() {
        min = Point::zero();
        max = Point::new(200.0, 40.0);
    }
    let title = graph.title();
    let dx = MARGIN - min.x;
    let dy = MARGIN + TITLE - min.y;
    let at = |p: Point| Point::new(p.x + dx, p.y + dy);
    let width =
        (max.x - min.x + 2.0 * MARGIN).max(metrics::text_width(&title, 13.0) + 2.0 * MARGIN);
    let height = max.y - min.y + 2.0 * MARGIN + TITLE;

    let mut s = String::new();
    s.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dk-graph\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"dk-graph-title\" font-family=\"{}\">\n",
        num(width),
        num(height),
        num(width),
        num(height),
        xml(FONT_FAMILY)
    ));
    s.push_str(&format!(
        "<title id=\"dk-graph-title\">{}</title>\n",
        xml(&title)
    ));
    s.push_str(STYLE);
    s.push_str(&format!(
        "<rect class=\"dk-bg\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\"/>\n<text class=\"dk-title\" x=\"{}\" y=\"{}\">{}</text>\n",
        num(width),
        num(height),
        num(MARGIN),
        num(MARGIN + 12.0),
        xml(&title)
    ));
    s.push_str("<defs><marker id=\"dk-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"#6b7280\"/></marker></defs>\n");

    // Edges under everything, each with its property in the hover text.
    let mut paths = canvas.paths.clone();
    paths.sort_by_key(|(i, _, _)| *i);
    for (i, dashed, path) in &paths {
        let edge = &merged[*i];
        if path.len() < 2 {
            continue;
        }
        let mut d = String::new();
        let p0 = at(path[0].0);
        let c0 = at(path[0].1);
        let c1 = at(path[1].0);
        let p1 = at(path[1].1);
        d.push_str(&format!(
            "M{} {} C{} {} {} {} {} {}",
            num(p0.x),
            num(p0.y),
            num(c0.x),
            num(c0.y),
            num(c1.x),
            num(c1.y),
            num(p1.x),
            num(p1.y)
        ));
        for (c, p) in path.iter().skip(2) {
            let (c, p) = (at(*c), at(*p));
            d.push_str(&format!(
                " S{} {} {} {}",
                num(c.x),
                num(c.y),
                num(p.x),
                num(p.y)
            ));
        }
        let class = if *dashed {
            "dk-edge dk-claim"
        } else {
            "dk-edge"
        };
        s.push_str(&format!(
            "<path class=\"{class}\" d=\"{d}\" marker-end=\"url(#dk-arrow)\"><title>{} → {} → {}\n{}</title></path>\n",
            xml(&graph.nodes[edge.from].label),
            xml(&edge.label),
            xml(&graph.nodes[edge.to].label),
            xml(&edge.property)
        ));
    }
    // Edge labels on a white ground, so lines never run through the words.
    for (xy, text) in &canvas.labels {
        let p = at(*xy);
        let w = metrics::text_width(text, EDGE_SIZE) + 6.0;
        s.push_str(&format!(
            "<g class=\"dk-edge-label\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"14\" rx=\"3\"/><text x=\"{}\" y=\"{}\">{}</text></g>\n",
            num(p.x - w / 2.0),
            num(p.y - 7.0),
            num(w),
            num(p.x),
            num(p.y + 3.5),
            xml(text)
        ));
    }
    // Nodes: a box, the name (wrapped), a link to the resource's page.
    let mut boxes = canvas.boxes.clone();
    boxes.sort_by_key(|(i, _, _)| *i);
    for (i, xy, size) in &boxes {
        let node = &graph.nodes[*i];
        let p = at(*xy);
        let class = match (*i == 0, node.is_claim) {
            (true, _) => "dk-node dk-centre",
            (_, true) => "dk-node dk-claim",
            _ => "dk-node",
        };
        s.push_str(&format!(
            "<a href=\"{}\" class=\"{class}\" data-iri=\"{}\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"5\"/>",
            xml(&links.href(&node.iri)),
            xml(&node.iri),
            xml(&node.display_label()),
            num(p.x),
            num(p.y),
            num(size.x),
            num(size.y)
        ));
        let wrapped = wrap(&node.display_label());
        let lines: Vec<&str> = wrapped.lines().map(str::trim).collect();
        let first = p.y + size.y / 2.0 - (lines.len() as f64 - 1.0) * LINE / 2.0 + 4.0;
        s.push_str("<text>");
        for (k, line) in lines.iter().enumerate() {
            s.push_str(&format!(
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                num(p.x + size.x / 2.0),
                num(first + k as f64 * LINE),
                xml(line)
            ));
        }
        s.push_str("</text></a>\n");
    }
    s.push_str("</svg>\n");
    s
}

/// Breaks a name into lines of about [`WRAP`] characters at spaces.
fn wrap(text: &str) -> String {
    let mut out = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WRAP {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push(line);
    }
    out.join("\n")
}

const STYLE: &str = "<style>
.dk-graph .dk-bg { fill: #ffffff; }
.dk-graph .dk-title { font-size: 13px; font-weight: bold; fill: #111827; }
.dk-graph .dk-edge { fill: none; stroke: #6b7280; stroke-width: 1.2; }
.dk-graph .dk-edge.dk-claim { stroke-dasharray: 5 4; }
.dk-graph .dk-edge-label rect { fill: #ffffff; fill-opacity: 0.9; }
.dk-graph .dk-edge-label text { font-size: 10px; fill: #374151; text-anchor: middle; }
.dk-graph .dk-node rect { fill: #f3f4f6; stroke: #6b7280; stroke-width: 1; }
.dk-graph .dk-node text { font-size: 12px; fill: #111827; text-anchor: middle; }
.dk-graph .dk-centre rect { fill: #dbeafe; stroke: #1d4ed8; stroke-width: 2; }
.dk-graph .dk-claim rect { fill: #ffffff; stroke-dasharray: 5 4; }
.dk-graph .dk-claim text { font-style: italic; }
.dk-graph a.dk-node:hover rect { stroke: #1d4ed8; }
</style>
";
