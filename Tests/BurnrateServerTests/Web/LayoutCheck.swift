import Foundation

/// A layout check the browser test adds to every page it opens: a script that reports, as console
/// messages the test reads back from the browser's log, what a reader would see as broken.
///
/// - Text over text: the boxes of two pieces of visible text (HTML text and SVG `<text>`, such
///   as a chart's tick labels) overlap, as far as each shows through the boxes that clip it.
/// - Clipped content: an element's content is wider than its box and spills out of it, or is cut
///   off by `overflow: hidden`, outside any box that scrolls sideways; from 1024 px wide a box
///   that scrolls sideways must not need to (with overlay scrollbars, a table whose last columns
///   only scrolling reveals looks cut off); chart text stays inside its chart.
/// - A page wider than the window.
///
/// It checks when the page has loaded, and again when the window changes size: headless
/// chromium lays a page out at least 500 px wide and narrows it for the screenshot.
enum LayoutCheck {
    /// Where the test's router serves the script.
    static let path = "/test/layout-check.js"

    /// What the check found at one window width, and whether it ran at that width at all.
    struct Report {
        var ran: Bool
        var problems: [String]
    }

    /// The check's messages at `width` px in a browser log, each once.
    static func report(in log: String, width: Int) -> Report {
        var problems: [String] = []
        var ran = false
        for message in messages(in: log) {
            if message.hasPrefix("\(checked) \(width) px:") { ran = true }
            if message.hasPrefix("\(problem) \(width) px:"), !problems.contains(message) { problems.append(message) }
        }
        return Report(ran: ran, problems: problems)
    }

    /// The log without the check's own messages, for the test that fails on any other.
    static func withoutReports(_ log: String) -> String {
        log.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains(checked) && !$0.contains(problem) }
            .joined(separator: "\n")
    }

    /// The console messages of a chromium log that come from the check: the text between the
    /// quotes of `...:INFO:CONSOLE:12] "message", source: http://... (12)`.
    static func messages(in log: String) -> [String] {
        log.split(separator: "\n").compactMap { line in
            guard line.contains(":CONSOLE"), let start = line.range(of: #"] ""#),
                let end = line.range(of: #"", source: "#, options: .backwards),
                start.upperBound <= end.lowerBound
            else { return nil }
            let message = String(line[start.upperBound..<end.lowerBound])
            return message.hasPrefix(checked) || message.hasPrefix(problem) ? message : nil
        }
    }

    /// How the check's messages begin: a problem, and the note that it has run.
    static let problem = "burnrate-layout-problem"
    static let checked = "burnrate-layout-checked"

    /// The script: one `burnrate-layout-problem WIDTH px: ...` message per problem and a
    /// `burnrate-layout-checked WIDTH px: ...` message each time it has run.
    static let script = #"""
        (function () {
          var tolerance = 1;
          function visible(element) { return element.checkVisibility({ visibilityProperty: true, opacityProperty: true }); }
          function scrolls(element) {
            var overflow = getComputedStyle(element).overflowX;
            return overflow === 'auto' || overflow === 'scroll';
          }
          function intersect(a, b) {
            return { left: Math.max(a.left, b.left), right: Math.min(a.right, b.right), top: Math.max(a.top, b.top), bottom: Math.min(a.bottom, b.bottom) };
          }
          function large(box) { return box.right - box.left > tolerance && box.bottom - box.top > tolerance; }
          function describe(element) {
            var name = element.tagName.toLowerCase() + (element.id ? '#' + element.id : '');
            var classes = element.getAttribute('class');
            if (classes) { name += '.' + classes.trim().split(/\s+/).join('.'); }
            var text = (element.textContent || '').replace(/\s+/g, ' ').trim();
            if (text) { name += ' "' + (text.length > 40 ? text.slice(0, 40) + '…' : text) + '"'; }
            var title = element.closest('svg') && element.closest('svg').querySelector('title');
            if (title) { return name + ' in chart "' + title.textContent + '"'; }
            var owner = element.parentElement && element.parentElement.closest('[id]:not(main)');
            return owner ? name + ' in #' + owner.id : name;
          }
          // Where an element's content shows: the boxes of it and its ancestors that clip.
          function visibleArea(element) {
            var area = { left: -Infinity, right: Infinity, top: -Infinity, bottom: Infinity };
            for (var node = element; node && node !== document.body; node = node.parentElement) {
              if (node instanceof SVGElement && !(node instanceof SVGSVGElement)) { continue; }
              var style = getComputedStyle(node);
              if (style.overflowX !== 'visible' || style.overflowY !== 'visible') { area = intersect(area, node.getBoundingClientRect()); }
            }
            return area;
          }

          function check() {
            var width = window.innerWidth;
            function report(kind, detail) { console.error('\#(problem) ' + width + ' px: ' + kind + ': ' + detail); }

            var boxes = [];
            function add(element, source, rect, area) {
              var box = intersect(rect, area);
              if (large(box)) { boxes.push({ element: element, source: source, box: box }); }
            }
            var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            var range = document.createRange();
            for (var node = walker.nextNode(); node; node = walker.nextNode()) {
              var parent = node.parentElement;
              if (!parent || !node.data.trim() || parent.closest('svg, script, style') || !visible(parent)) { continue; }
              range.selectNodeContents(node);
              var area = visibleArea(parent);
              for (var rect of range.getClientRects()) { add(parent, node, rect, area); }
            }
            document.querySelectorAll('svg text').forEach(function (text) {
              if (visible(text)) { add(text, text, text.getBoundingClientRect(), visibleArea(text)); }
            });
            for (var i = 0; i < boxes.length; i++) {
              for (var j = i + 1; j < boxes.length; j++) {
                if (boxes[i].source !== boxes[j].source && large(intersect(boxes[i].box, boxes[j].box))) {
                  report('text over text', describe(boxes[i].element) + ' and ' + describe(boxes[j].element));
                }
              }
            }

            var elements = document.querySelectorAll('body *');
            var checked = 0;
            elements.forEach(function (element) {
              if (!(element instanceof HTMLElement) || !visible(element)) { return; }
              checked++;
              if (element.scrollWidth <= element.clientWidth + tolerance) { return; }
              var overflow = getComputedStyle(element).overflowX;
              var measure = ' (' + element.scrollWidth + ' px in ' + element.clientWidth + ' px)';
              if (scrolls(element)) {
                if (width >= 1024) { report('scrolls sideways', describe(element) + measure); }
              } else if (overflow !== 'visible') {
                if (element.clientWidth > 1) { report('content cut off', describe(element) + measure); }
              } else {
                for (var ancestor = element.parentElement; ancestor; ancestor = ancestor.parentElement) {
                  if (scrolls(ancestor)) { return; }
                }
                report('content wider than its box', describe(element) + measure);
              }
            });
            document.querySelectorAll('svg text').forEach(function (text) {
              var chart = text.ownerSVGElement.getBoundingClientRect();
              var box = text.getBoundingClientRect();
              if (visible(text) && (box.left < chart.left - tolerance || box.right > chart.right + tolerance)) {
                report('text outside its chart', describe(text));
              }
            });
            var pageWidth = document.documentElement.scrollWidth;
            if (pageWidth > width) {
              // The innermost elements reaching past the window's right edge.
              var past = Array.prototype.filter.call(elements, function (element) {
                return visible(element) && element.getBoundingClientRect().right > width + tolerance
                  && !Array.prototype.some.call(element.children, function (child) {
                    return visible(child) && child.getBoundingClientRect().right > width + tolerance;
                  });
              });
              report('page wider than the window', pageWidth + ' px; reaching past it: ' + past.slice(0, 5).map(describe).join(', '));
            }
            console.error('\#(checked) ' + width + ' px: ' + boxes.length + ' pieces of text, ' + checked + ' elements');
          }
          window.addEventListener('load', function () { document.fonts.ready.then(check); });
          window.addEventListener('resize', check);
        })();
        """#
}
