#pragma once
// Realistic strings for synthetic screens: words, names, e-mail addresses, dates, numbers, form
// labels with matching values, captions and menu titles. Built-in lists of English and a few
// European languages; every character is printable ASCII or Latin-1 (U+00C0..U+00FF), so a text
// recogniser trained on these screens needs no larger alphabet.

#include <QString>
#include <QStringList>

#include "Rng.h"

namespace hemu::generator {

/// What a form field holds, so that a field labelled "Email" shows an e-mail address.
enum class ValueKind {
    Invalid,
    Word,
    Words,
    FirstName,
    LastName,
    FullName,
    Email,
    Phone,
    Date,
    Number,
    Amount,
    City,
    Country,
    Street,
    PostalCode,
    Company,
    Url,
    Username,
};

struct FieldTopic {
    QString label;  // "First name", without a colon
    ValueKind kind = ValueKind::Invalid;
};

/// A dropdown's question and its options, e.g. "Country" with a list of countries.
struct ChoiceTopic {
    QString label;
    QStringList options;
};

class Vocabulary {
public:
    explicit Vocabulary(Rng& rng) : rng_(rng) {}

    QString word();
    QString capitalWord();
    /// n words, first one capitalised.
    QString phrase(int minWords, int maxWords);
    /// A sentence with a full stop, for paragraphs.
    QString sentence();
    QString firstName();
    QString lastName();
    QString fullName();
    QString email();
    QString phone();
    QString date();
    QString number();
    QString amount();
    QString city();
    QString country();
    QString street();
    QString postalCode();
    QString company();
    QString url();
    QString username();

    /// A value of the given kind.
    QString value(ValueKind kind);
    /// A form field's label and the kind of value it takes.
    FieldTopic fieldTopic();
    /// A label as it appears on screen: random case convention, optional colon and "*".
    QString styleLabel(const QString& label, bool colon, bool required);
    ChoiceTopic choiceTopic();
    QString buttonCaption();
    /// Captions for the OK/Cancel row of a dialog, primary first.
    QStringList dialogButtons();
    /// A command on a button in a tool column ("Print preview", "Send fax").
    QString toolCommand();
    QString checkboxCaption();
    QString menuTitle();
    QString heading();
    QString tableHeader();
    /// A short cell value that fits the header's meaning.
    QString cellValue(const QString& header);

private:
    Rng& rng_;
};

/// A button/menu caption without its mnemonic markers: "&Save" -> "Save", "R&&D" -> "R&D".
QString stripMnemonic(const QString& caption);

}  // namespace hemu::generator
