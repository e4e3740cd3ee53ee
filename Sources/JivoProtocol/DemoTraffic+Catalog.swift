/// The made-up people, phrases, places and pages demo traffic is drawn from.
extension DemoTraffic {
    /// The language a visitor writes in; it also picks the site, city and phone country.
    enum Language: Sendable {
        case english, russian
    }

    /// A phone number as digits; visitors type it in many formats.
    struct Phone: Sendable, Equatable {
        /// `7` or `1`.
        var countryCode: String
        /// Ten national digits.
        var national: [Character]
        /// Whether the number may be typed without its country code (it is the CRM's default
        /// country's; a Russian 8 trunk prefix always means 7).
        var dialsLocally: Bool

        /// The number typed in one of the formats visitors use for its country.
        func typed(style: Int) -> String {
            let digits = national
            func part(_ range: Range<Int>) -> String { String(digits[range]) }
            let (area, first) = (part(0..<3), part(3..<6))
            if countryCode == "7" {
                let (second, third) = (part(6..<8), part(8..<10))
                switch style % 5 {
                case 0: return "+7 \(area) \(first) \(second) \(third)"
                case 1: return "8 (\(area)) \(first)-\(second)-\(third)"
                case 2: return "+7 (\(area)) \(first)-\(second)-\(third)"
                case 3: return "+7" + String(digits)
                default: return "8-\(area)-\(first)-\(second)-\(third)"
                }
            }
            let last = part(6..<10)
            switch style % 5 {
            case 0 where !dialsLocally: return "+1 (\(area)) \(first)-\(last)"
            case 2 where !dialsLocally: return "+1 \(area)-\(first)-\(last)"
            case 0: return "(\(area)) \(first)-\(last)"
            case 1: return "+1 \(area) \(first)-\(last)"
            case 2: return "\(area)-\(first)-\(last)"
            case 3: return "+1 (\(area)) \(first)-\(last)"
            default: return "+1" + String(digits)
            }
        }

        /// How many distinct ``typed(style:)`` formats there are.
        static let styleCount = 5
    }

    /// A visitor the generator has made up, remembered so that they can come back.
    struct Person: Sendable {
        var language: Language
        var name: String
        /// Lowercase; sent in a random letter case.
        var email: String?
        var phone: Phone?
        /// JivoChat's visitor number.
        var number: Int
        /// JivoChat's client id.
        var clientID: Int
        /// The letter case (see ``DemoTraffic/recased(_:style:)``) the person types their email in.
        var emailStyle: Int
        /// The format (see ``Phone/typed(style:)``) the person types their phone in.
        var phoneStyle: Int
    }

    /// An agent; emails match CRM managers' logins.
    struct Staff: Sendable {
        var id: Int
        var name: String
        var email: String
        var phone: String?
        var language: Language
    }

    static let staff: [Staff] = [
        Staff(
            id: 3947, name: "Анна Петрова", email: "anna@example.com", phone: "+79160000001",
            language: .russian),
        Staff(
            id: 3949, name: "Дмитрий Волков", email: "dmitry@example.com", phone: nil,
            language: .russian),
        Staff(
            id: 3948, name: "Thomas Anderson", email: "thomas@example.com", phone: "+14083682346",
            language: .english),
        Staff(
            id: 3950, name: "Emily Clark", email: "emily@example.com", phone: nil,
            language: .english),
    ]

    /// English first names.
    static let englishFirstNames = [
        "James", "Emily", "Michael", "Sarah", "David", "Olivia", "Daniel", "Sophia", "Robert",
        "Emma",
    ]
    /// English surnames.
    static let englishLastNames = [
        "Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Clark", "Walker", "O'Neil",
    ]

    /// Russian first names: Cyrillic, Latin for emails, whether feminine.
    static let russianFirstNames: [(cyrillic: String, latin: String, feminine: Bool)] = [
        ("Иван", "ivan", false), ("Мария", "maria", true), ("Алексей", "alexey", false),
        ("Ольга", "olga", true), ("Дмитрий", "dmitry", false), ("Екатерина", "ekaterina", true),
        ("Сергей", "sergey", false), ("Татьяна", "tatiana", true), ("Николай", "nikolay", false),
        ("Юлия", "yulia", true),
    ]
    /// Russian surnames: masculine, feminine, Latin.
    static let russianLastNames: [(masculine: String, feminine: String, latin: String)] = [
        ("Петров", "Петрова", "petrov"), ("Иванов", "Иванова", "ivanov"),
        ("Смирнов", "Смирнова", "smirnov"), ("Кузнецов", "Кузнецова", "kuznetsov"),
        ("Соколов", "Соколова", "sokolov"), ("Попов", "Попова", "popov"),
    ]

    static func domains(_ language: Language) -> [String] {
        switch language {
        case .english: return ["gmail.com", "outlook.com", "yahoo.com", "example.org"]
        case .russian: return ["mail.ru", "yandex.ru", "gmail.com", "bk.ru"]
        }
    }

    static func visitorLines(_ language: Language) -> [String] {
        switch language {
        case .english:
            return [
                "Hi, do you ship to Canada?", "How much is delivery to Chicago?",
                "Is the blue kettle still in stock?", "Can I pay by invoice?",
                "I placed an order yesterday, where is it?",
                "Do you have a discount for bulk orders?",
                "What are your opening hours on Saturday?", "Can someone call me back?",
                "Thanks, that helps 👍", "Great, I'll order today",
                "Could you send the price list to my email?", "Is there a warranty?",
            ]
        case .russian:
            return [
                "Здравствуйте! Доставляете в Казань?", "Сколько стоит доставка до Москвы?",
                "Синий чайник ещё есть в наличии?", "Можно оплатить по счёту для юрлица?",
                "Я вчера сделал заказ, где он?", "Есть скидка на опт?",
                "Во сколько вы работаете в субботу?", "Перезвоните мне, пожалуйста",
                "Спасибо, очень помогли 🙏", "Отлично, сегодня оформлю заказ",
                "Пришлите прайс на почту, пожалуйста", "Какая гарантия?",
            ]
        }
    }

    static func agentLines(_ language: Language) -> [String] {
        switch language {
        case .english:
            return [
                "Hello! Happy to help.", "Yes, we ship worldwide; delivery takes 3–5 days.",
                "Let me check the stock for you.", "It's in stock, 12 left.",
                "You can pay by card or by invoice.",
                "Your order is on its way, the tracking number is in your email.",
                "Orders over 50 items get 10% off.", "We're open 10:00–18:00 on Saturdays.",
                "Sure, a manager will call you within 15 minutes.",
                "Anything else I can help with?",
                "Thank you for contacting us!",
            ]
        case .russian:
            return [
                "Здравствуйте! Чем могу помочь?", "Да, доставляем по всей России, 3–5 дней.",
                "Сейчас проверю наличие.", "Есть в наличии, осталось 12 штук.",
                "Можно оплатить картой или по счёту.",
                "Заказ уже в пути, трек-номер отправили на почту.",
                "На заказ от 50 штук скидка 10%.", "В субботу работаем с 10:00 до 18:00.",
                "Конечно, менеджер перезвонит в течение 15 минут.", "Могу ещё чем-нибудь помочь?",
                "Спасибо за обращение!",
            ]
        }
    }

    static func offlineLines(_ language: Language) -> [String] {
        switch language {
        case .english:
            return [
                "Please call me back tomorrow morning about my order.",
                "I need an invoice for 20 units for our office.",
                "Your site does not accept my card, can you help?",
            ]
        case .russian:
            return [
                "Перезвоните мне завтра утром по поводу заказа.",
                "Нужен счёт на 20 штук для ООО «Вектор».",
                "Не проходит оплата картой на сайте, помогите.",
            ]
        }
    }

    static func invitations(_ language: Language) -> [String] {
        switch language {
        case .english: return ["Need help choosing?", "Free delivery today only — any questions?"]
        case .russian: return ["Помочь с выбором?", "Сегодня доставка бесплатно — есть вопросы?"]
        }
    }

    static func pages(_ language: Language) -> [(url: String, title: String)] {
        switch language {
        case .english:
            return [
                ("https://shop.example.com/", "Example Shop — Home"),
                ("https://shop.example.com/pricing", "Pricing | Example Shop"),
                (
                    "https://shop.example.com/catalog/blue-kettle",
                    "Blue Kettle 1.7 L — Example Shop"
                ),
                ("https://shop.example.com/contacts", "Contacts"),
            ]
        case .russian:
            return [
                ("https://shop.example.ru/", "Магазин — Главная"),
                ("https://shop.example.ru/dostavka", "Доставка и оплата — Магазин"),
                ("https://shop.example.ru/catalog/chaynik-siniy", "Чайник синий 1,7 л — купить"),
                ("https://shop.example.ru/kontakty", "Контакты"),
            ]
        }
    }

    /// Cities: city, region, region code, country, country code, latitude, longitude, ISP.
    static func places(_ language: Language) -> [[String]] {
        switch language {
        case .english:
            return [
                [
                    "San Francisco", "California", "CA", "United States", "US", "37.7749",
                    "-122.4194", "Comcast",
                ],
                [
                    "New York", "New York", "NY", "United States", "US", "40.7128", "-74.0060",
                    "Verizon",
                ],
                ["London", "England", "ENG", "United Kingdom", "GB", "51.5072", "-0.1276", "BT"],
                ["Toronto", "Ontario", "ON", "Canada", "CA", "43.6532", "-79.3832", "Rogers"],
            ]
        case .russian:
            return [
                ["Москва", "Москва", "MOW", "Россия", "RU", "55.7558", "37.6173", "Ростелеком"],
                [
                    "Санкт-Петербург", "Санкт-Петербург", "SPE", "Россия", "RU", "59.9311",
                    "30.3609", "МТС",
                ],
                ["Казань", "Татарстан", "TA", "Россия", "RU", "55.7963", "49.1088", "Билайн"],
                [
                    "Новосибирск", "Новосибирская область", "NVS", "Россия", "RU", "55.0084",
                    "82.9357", "МегаФон",
                ],
            ]
        }
    }

    /// First octets of visitors' IP addresses.
    static func networks(_ language: Language) -> [Int] {
        switch language {
        case .english: return [24, 73, 81, 98]
        case .russian: return [46, 95, 178, 188]
        }
    }

    /// Source, medium, campaign, term.
    static let campaigns: [[String]] = [
        ["google", "cpc", "spring_sale", "electric kettle"],
        ["yandex", "cpc", "brand", "чайник купить"],
        ["facebook", "social", "retargeting", "kettle"],
        ["newsletter", "email", "november", "promo"],
    ]

    static let userAgents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    ]

    static let callFailures = [
        "Client did not answer", "Agent did not answer", "Line busy", "Insufficient balance",
    ]

    static let clientStatuses: [(id: Int, title: String)] = [
        (1, "New"), (2, "In progress"), (3, "Customer"), (4, "Постоянный клиент"),
    ]

    static let tags: [(id: Int, title: String)] = [
        (5, "VIP"), (6, "Опт"), (7, "Delivery"), (8, "Жалоба"),
    ]
}
