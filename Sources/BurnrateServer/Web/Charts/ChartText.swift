/// The text of Burnrate's charts (tick and category labels): the sizes the stylesheet draws it at
/// and an estimate of its width, so that the server can place labels without a browser to measure
/// them.
///
/// Sizes are in view box units: a chart scales to its container, and its text with it. Phones
/// draw a chart at about half size, so the stylesheet draws its text larger there to stay legible,
/// and a layout must leave room for both sizes.
enum ChartText {
    /// The font size on screens wider than `narrowScreen`.
    static let wideSize = 12.0
    /// The font size on screens up to `narrowScreen` CSS pixels wide.
    static let narrowSize = 16.0
    /// The widest screen, in CSS pixels, that draws chart text at `narrowSize`.
    static let narrowScreen = 600

    /// The width of `text` at `fontSize`, erring wide: each character counts the advance it has in
    /// DejaVu Sans, the widest of the fonts a `system-ui` stack resolves to, rounded up into a
    /// few classes (digits, as in most of the labels, are 0.64 em).
    static func width(_ text: String, fontSize: Double) -> Double {
        let ems = text.reduce(0.0) { sum, character in
            switch character {
            case " ", ".", ",", ":", ";", "'", "!", "|", "i", "j", "l", "(", ")", "[", "]", "-", "/": sum + 0.4
            case "m", "w", "M", "W", "%", "@", "—": sum + 1.0
            case "A"..."Z": sum + 0.78
            default: sum + 0.64
            }
        }
        return ems * fontSize
    }
}
