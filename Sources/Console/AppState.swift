import CRMCore
import DisplayText
import JivoProtocol

/// A message on the status line until the next key or until it expires.
public struct Notice: Sendable, Equatable {
    /// The text.
    public var text: DisplayLine
    /// How it looks.
    public var style: Style

    /// A notice saying `text` in `style`.
    public init(text: DisplayLine, style: Style) {
        self.text = text
        self.style = style
    }
}

/// Everything the console shows, as a value: ``update(_:)`` changes it, ``render(on:)`` draws it.
public struct AppState: Sendable {
    /// The screen size.
    public var size: Size
    /// The body: leads or tasks.
    public var screen: Screen = .leads
    /// The focused pane of the lead screen.
    public var focus: Pane = .list
    /// The list's tab, filters, order and search.
    public var query = ListQuery(tab: .unsorted)
    /// The configuration's saved views (`V`).
    public var savedViews: [SavedView] = []
    /// How many leads the search matches in all, once counted.
    public var searchHits: Int?
    /// Who edits are attributed to.
    public var operatorName: String
    /// The manager login the operator matched, for the Mine tab.
    public var operatorLogin: String?
    /// The leads loaded so far, in list order.
    public var leads: [LeadSummary] = []
    /// Selection and scroll of the lead list.
    public var list = ListState<Int64>()
    /// Leads marked for a bulk action (Space, `*`); `s`, `a` and `D` act on them all.
    public var marked: Set<Int64> = []
    /// The operations of the last bulk change made here: `u`, when the operator's latest
    /// operation not undone is one of them, undoes those left together.
    public var lastBulkOperations: [Int64] = []
    /// The filter the lead list was last read from the top for, without the page's size: a
    /// re-read for the same one announces the leads that arrived above the visible rows.
    public var listedFilter: LeadFilter?
    /// Whether the store may hold more leads after the loaded ones.
    public var hasMoreLeads = false
    /// The lead highlighted when a search (or `#42`) began, which Esc returns the highlight to
    /// when the lead the search showed is not in the view left.
    var highlightBeforeSearch: Int64?
    /// The lead the search showed highlighted when Esc left it, until the view is listed again.
    var highlightLeavingSearch: Int64?
    /// The lead to highlight once the list is read again (an operation is making the highlighted
    /// lead part of it); forgotten when the operation fails.
    var highlightAfterReload: Int64?
    /// Whether the list is read again after the operator's own change (whose notice says what
    /// happened), not another operator's.
    var reloadingAfterOwnChange = false
    /// Whether a further page was asked for and has not arrived.
    public var loadingMore = false
    /// Leads read per page.
    public var pageSize = 100
    /// The lead shown in the card and timeline, and the one lead commands act on: on the lead
    /// screen always the highlighted row's (``followSelection()``), nil when the list is empty.
    public internal(set) var openLeadID: Int64?
    /// Its detail.
    public var detail: LeadDetail?
    /// The reply its next chat gets, as ``ReplyComposer`` composes it in the store (crm_link or
    /// lead page link included): what the card shows.
    public var nextReply: ChatReply?
    /// First card row shown.
    public var cardOffset = 0
    /// First timeline row shown.
    public var timelineOffset = 0
    /// The inbox of deliveries, quarantined and failed first.
    public var inbox: [EventRecord] = []
    /// Selection of the inbox.
    public var inboxList = ListState<Int64>()
    /// Open tasks, overdue first.
    public var tasks: [TaskRecord] = []
    /// Selection of the task queue.
    public var taskList = ListState<Int64>()
    /// Whether the task queue shows done tasks too.
    public var showDoneTasks = false
    /// Every manager.
    public var managers: [Manager] = []
    /// Status-line counts and the listeners' health.
    public var counts = ConsoleCounts()
    /// When they were read, Unix milliseconds.
    public var countsLoadedAt: Int64 = 0
    /// How often they are read again with nothing else happening, ms.
    public static let countsRefreshInterval: Int64 = 5_000
    /// The listener's state.
    public var listener = ListenerInfo()
    /// Now, Unix milliseconds (for overdue tasks).
    public var now: Int64
    /// The CRM settings (for the reply preview's crm_link).
    public var settings: CRMSettings
    /// The transient message; setting it (re)starts its time on screen and keeps it among the
    /// ``messages``.
    public var notice: Notice? {
        didSet {
            noticeShownAt = now
            if let notice, notice != oldValue {
                messages.append((now, notice.text))
                if messages.count > Self.keptMessages { messages.removeFirst(messages.count - Self.keptMessages) }
            }
        }
    }
    /// The status line's recent messages with their times, oldest first (`L` shows them in full:
    /// a long one is cut on the status line).
    public private(set) var messages: [(at: Int64, text: DisplayLine)] = []
    /// How many recent messages are kept.
    static let keptMessages = 100
    /// When the transient message was set, Unix milliseconds.
    public private(set) var noticeShownAt: Int64 = 0
    /// Open dialogs, the last on top.
    public var modals: [Modal] = []
    /// Set when the console should exit.
    public var quitRequested = false
    /// Which arrivals ring the terminal bell (the `bell` setting).
    public var bell: BellPolicy = .standard
    /// Leads that got a new lead or offline message the operator has not opened (Enter) yet;
    /// their count is in the terminal title.
    public var unreadArrivals: Set<Int64> = []
    /// The key tables in use: the defaults with the configuration's `[keys]` applied.
    public var keys = AppKeyBindings.defaults
    /// Set when an arrival asks for the terminal bell; ``ConsoleApp`` takes it after each event.
    public var bellRequested = false

    /// A state for a screen of `size`, before anything is loaded.
    public init(size: Size, operatorName: String, now: Int64, settings: CRMSettings = CRMSettings()) {
        self.size = size
        self.operatorName = operatorName
        self.now = now
        self.settings = settings
    }

    /// The effects that fill a fresh state.
    public var initialEffects: [Effect] {
        [.loadManagers, .loadLeads(leadFilter, append: false), .loadTasks, .loadCounts]
    }

    /// The store query behind the list: the tab, then the filters and search. A search spans
    /// every lead, whatever the tab (Esc returns to the tab); the status and manager filters
    /// still narrow it.
    public var leadFilter: LeadFilter {
        var query = self.query
        if query.search != nil { query.tab = .all }
        return query.filter(mine: operatorLogin ?? operatorName, limit: pageSize)
    }

    /// Whether a filter beyond the tab narrows the list (Esc clears them all).
    public var isFiltered: Bool { query.isFiltered }

    /// The summary of the open lead.
    public var openLead: Lead? {
        detail?.summary.lead
    }

    /// The most leads `*` marks at once.
    public static let maximumMarked = 10_000

    /// Whether a form with unsaved typing is open.
    public var hasDirtyForm: Bool {
        modals.contains { modal in
            switch modal {
            case .form(let form): form.form.isDirty
            case .stale: true
            default: false
            }
        }
    }

    /// How long a transient message stays, in milliseconds: errors longer than the rest.
    public static func noticeLifetime(_ notice: Notice) -> Int64 {
        notice.style == .error ? 15_000 : 5_000
    }

    /// When the status line's counts and listener health are read again, Unix milliseconds.
    public var countsRefreshAt: Int64 {
        countsLoadedAt + Self.countsRefreshInterval
    }

    /// When the transient message goes away by itself, Unix milliseconds; nil without one.
    public var noticeExpiresAt: Int64? {
        notice.map { noticeShownAt + Self.noticeLifetime($0) }
    }

    /// The layout of the lead screen.
    public var layout: Layout {
        Layout(size: size, focus: focus, statusRows: size.rows >= 8 ? 2 : 1)
    }
}
