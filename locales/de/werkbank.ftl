# Werkbank — deutsche Texte, gemeinsam für die Rust-Crates und die Oberfläche.
# Jede Nachrichten-ID hier gibt es auch in locales/en/werkbank.ftl (ein Test prüft das).

## Fehler: eine Nachricht je Fehlercode (error-<code>), mit .hint für den nächsten Schritt.

error-auth-failed = Der Server { $host } hat Benutzername oder Passwort abgelehnt.
    .hint = Prüfen Sie das Passwort und versuchen Sie es erneut. Wurde es kürzlich geändert, geben Sie das neue ein.
error-certificate-untrusted = Dem Zertifikat von { $host } wird nicht vertraut: { $reason }.
    .hint = Fahren Sie nur fort, wenn Ihre IT-Abteilung den Fingerabdruck { $fingerprint } bestätigt.
error-host-not-allowed = Die Richtlinie Ihrer Organisation erlaubt keine Verbindung zu { $host }.
    .hint = Bitten Sie Ihre IT-Abteilung, diesen Server in die Richtlinie aufzunehmen, oder prüfen Sie die Adresse.
error-setting-locked = Die Einstellung { $key } ist von Ihrer Organisation gesperrt ({ $file }).
    .hint = Wenden Sie sich an Ihre IT-Abteilung, wenn sie geändert werden muss.
error-profile-in-use = Ein anderer Werkbank-Prozess verwendet dieses Profil.
    .hint = Schließen Sie das andere Werkbank-Fenster oder den anderen Befehl und versuchen Sie es erneut.
error-keyring-unavailable = Kein Passwortspeicher des Betriebssystems war erreichbar: { $reason }.
    .hint = Starten und entsperren Sie den Schlüsselbund Ihres Desktops (zum Beispiel GNOME Keyring oder KWallet) oder richten Sie einen Passwortbefehl ein.
error-unreachable = Der Server { $host } war nicht erreichbar: { $reason }.
    .hint = Prüfen Sie die Netzwerkverbindung und die Serveradresse. Werkbank arbeitet offline weiter.
error-timeout = Der Server { $host } hat nicht rechtzeitig geantwortet.
    .hint = Versuchen Sie es später erneut; wenn es wieder passiert, informieren Sie Ihre IT-Abteilung.
error-starttls-unavailable = Der Server { $host } bietet keine verschlüsselte Verbindung (STARTTLS) an.
    .hint = Verwenden Sie den verschlüsselten Port (zum Beispiel 993 oder 465) oder fragen Sie Ihre IT-Abteilung.
error-policy-invalid = Die Richtliniendatei { $file } ist nicht verwendbar: { $reason }.
    .hint = Korrigieren Sie die Datei ({ $line ->
        [unknown] { $file }
       *[other] Zeile { $line }, { $key }
    }) oder informieren Sie Ihre IT-Abteilung.
error-setting-unknown = Es gibt keine Einstellung namens { $key }.
    .hint = „werkbank-cli settings get“ zeigt alle Einstellungen.
error-setting-invalid = Der Wert { $value } passt nicht zur Einstellung { $key }: { $reason }.
    .hint = Verwenden Sie einen der erlaubten Werte.
error-account-not-found = Es gibt kein Konto { $account }.
    .hint = „werkbank-cli account list“ zeigt Ihre Konten.
error-account-exists = Ein Konto { $account } gibt es bereits.
    .hint = Wählen Sie einen anderen Namen oder entfernen Sie zuerst das vorhandene Konto.
error-module-disabled = Das Modul { $module } ist von Ihrer Organisation abgeschaltet.
    .hint = Fragen Sie Ihre IT-Abteilung, wenn Sie es brauchen.
error-service-not-configured = Das Konto { $account } hat keinen Dienst { $service }.
    .hint = Fügen Sie den Dienst in den Kontoeinstellungen hinzu.
error-discovery-failed = Für { $email } wurden keine Servereinstellungen gefunden.
    .hint = Geben Sie die Serveradressen von Hand ein; Ihre IT-Abteilung nennt sie Ihnen.
error-protocol-error = Der Server { $host } hat eine Antwort geschickt, die Werkbank nicht versteht: { $reason }.
    .hint = Versuchen Sie es später erneut; wenn es wieder passiert, informieren Sie Ihre IT-Abteilung.
error-invalid-input = Diese Eingabe ist nicht verwendbar: { $reason }.
    .hint = Korrigieren Sie die Eingabe und versuchen Sie es erneut.
error-io = Die Datei { $file } konnte nicht gelesen oder geschrieben werden: { $reason }.
    .hint = Prüfen Sie, ob der Datenträger voll ist und ob Sie dort schreiben dürfen.
error-password-missing = Für { $account } ist kein Passwort gespeichert.
    .hint = Geben Sie das Passwort einmal ein; Werkbank legt es im Schlüsselbund Ihres Systems ab.
error-password-command-failed = Der Passwortbefehl für { $account } ist fehlgeschlagen: { $reason }.
    .hint = Prüfen Sie den password_command im Konto oder in der Richtlinie.
error-pinning-forbidden = Ihre Organisation erlaubt nicht, Zertifikaten von Hand zu vertrauen.
    .hint = Bitten Sie Ihre IT-Abteilung, die richtige Zertifizierungsstelle zu installieren.
error-connection-lost = Der Server { $host } hat die Verbindung unerwartet getrennt.
    .hint = Es ist nichts verloren: Werkbank versucht es selbst erneut. Wenn das öfter passiert, wenden Sie sich an Ihre IT-Abteilung.
error-not-found = { $item } wurde nicht gefunden.
    .hint = Es wurde vielleicht inzwischen verschoben oder gelöscht; aktualisieren Sie und versuchen Sie es erneut.
error-store-damaged = Die lokale Datenbank von Werkbank ist beschädigt: { $reason }.
    .hint = Ihre Daten auf den Servern sind sicher. Bitten Sie Ihre IT-Abteilung, das Profil zu reparieren oder zurückzusetzen.
error-internal = In Werkbank ist ein Fehler aufgetreten: { $reason }.
    .hint = Bitte melden Sie das mit dem Diagnosepaket Ihrer IT-Abteilung.

## Desktop-App: Symbol im Infobereich und Programmstart.

tray-open = Werkbank öffnen
tray-quit = Beenden
# Der Tooltip des Symbols im Infobereich; $unread ist die Zahl der ungelesenen Nachrichten.
tray-tooltip = Werkbank: { $unread } ungelesen
app-start-failed = Werkbank konnte nicht starten
dialog-save-attachment = Anhang speichern in …
dialog-attach-files = Dateien anhängen

## Desktop-App: Rahmen

skip-to-content = Zum Inhalt springen
app-loading = Werkbank wird geöffnet …
app-load-failed = Werkbank konnte nicht starten
action-retry = Erneut versuchen
action-back = Zurück
action-cancel = Abbrechen
rail-label = Module
module-mail = E-Mail
module-calendar = Kalender
module-contacts = Kontakte
module-chat = Chat
module-files = Dateien
module-unavailable = Dieses Modul ist nicht verfügbar
module-unavailable-hint = Ihre Organisation hat es abgeschaltet, oder es gibt es nicht. Wählen Sie links ein anderes Modul.
notice-info = Hinweis
notice-success = Erledigt
notice-warning = Warnung
notice-error = Fehler
status-label = Status
status-sync-label = Synchronisation
status-online = Online
status-offline = Offline – Änderungen bleiben erhalten und werden später gesendet
status-progress = { $module } ({ $account }): { $done } von { $total }
status-idle = { $module } ({ $account }): aktuell
status-module-offline = { $module } ({ $account }): Server nicht erreichbar

## Desktop-App: Module (in Vorbereitung)

module-soon-note = Dieser Teil von Werkbank entsteht gerade. Ihre Konten sind dafür bereits eingerichtet; Sie müssen nichts weiter tun.
mail-soon-lead = Hier lesen, schreiben und ordnen Sie Ihre E-Mails, auch ohne Netzwerkverbindung.
mail-soon-item-1 = Alle Postfächer und Ordner in einer Liste, sofort durchsuchbar
mail-soon-item-2 = Gesendete Nachrichten warten sicher im Postausgang, bis der Server sie hat
mail-soon-item-3 = Abwesenheitsnotizen und Warnungen vor verdächtigen Absendern
compose-link-title = Ein Link möchte eine E-Mail an { $to } schreiben.
compose-link-title-empty = Ein Link möchte eine neue E-Mail schreiben.
compose-link-subject = Betreff: { $subject }
compose-link-dismiss = Ausblenden
calendar-soon-lead = Hier planen Sie Termine und Besprechungen mit den Kalendern Ihrer Organisation.
calendar-soon-item-1 = Tages-, Wochen- und Monatsansicht aller Ihrer Kalender
calendar-soon-item-2 = Einladungen mit einem Klick annehmen oder ablehnen
calendar-soon-item-3 = Erinnerungen, auch wenn Sie offline arbeiten
contacts-soon-lead = Hier finden Sie Kolleginnen, Kollegen und Partner aus Ihren Adressbüchern.
contacts-soon-item-1 = Persönliche und geteilte Adressbücher an einem Ort
contacts-soon-item-2 = Adressen werden beim Schreiben einer Nachricht oder Einladung ergänzt
contacts-soon-item-3 = Kontakte bleiben mit dem Server Ihrer Organisation abgeglichen
chat-soon-lead = Hier schreiben Sie mit Kolleginnen und Kollegen, auch in anderen Behörden, über Matrix.
chat-soon-item-1 = Direktnachrichten und Räume, Ende-zu-Ende-verschlüsselt
chat-soon-item-2 = Eine deutliche Kennzeichnung, wer von außerhalb Ihrer Organisation schreibt
chat-soon-item-3 = Dateien und Termine direkt aus den anderen Modulen teilen
files-soon-lead = Hier öffnen und teilen Sie die Dokumente auf dem Dateiserver Ihrer Organisation.
files-soon-item-1 = Ihre Ordner und die mit Ihnen geteilten
files-soon-item-2 = Freigabelinks mit Ablaufdatum statt Anhängen
files-soon-item-3 = Markierte Dateien bleiben offline verfügbar

## Desktop-App: Dienste und Erkennung

service-imap = Posteingang (IMAP)
service-smtp = Postausgang (SMTP)
service-caldav = Kalender (CalDAV)
service-carddav = Adressbuch (CardDAV)
service-matrix = Chat (Matrix)
service-webdav = Dateien (WebDAV)
source-autoconfig = Autoconfig
source-autoconfig_well_known = Autoconfig (.well-known)
source-srv = DNS-SRV-Eintrag
source-well_known = .well-known-Adresse
source-dns_srv_txt = DNS-SRV/TXT-Eintrag
source-matrix_well_known = Matrix .well-known
source-nextcloud_status = Nextcloud-Statusseite

## Desktop-App: Konto einrichten

setup-welcome-title = Willkommen bei Werkbank
setup-welcome-lead = Richten Sie Ihr dienstliches Konto ein: Geben Sie E-Mail-Adresse und Passwort ein, und Werkbank findet die Server Ihrer Organisation.
setup-add-title = Konto hinzufügen
setup-add-lead = Geben Sie E-Mail-Adresse und Passwort des Kontos ein. Werkbank sucht die Server und prüft sie, bevor etwas gespeichert wird.
setup-step-credentials = Ihr Konto
setup-step-review = Servereinstellungen
setup-step-saved = Fertig
setup-email = E-Mail-Adresse
setup-password = Passwort
setup-password-hint = Werkbank legt es im Schlüsselbund Ihres Systems ab, nie in einer Datei.
setup-discover = Einstellungen suchen
setup-manual = Serveradressen von Hand eingeben
setup-discovering = Die Server von { $email } werden gesucht …
setup-review-for = Einstellungen für { $email }
setup-found-label = Gefundene Dienste
setup-found-by = gefunden über { $source }
setup-nothing-found = Für diese Adresse wurden keine Servereinstellungen gefunden.
setup-nothing-found-hint = Geben Sie die Serveradressen unten ein; Ihre IT-Abteilung nennt sie Ihnen.
setup-advanced = Serveradressen (erweitert)
setup-advanced-hint = Ändern Sie eine Adresse nur, wenn Ihre IT-Abteilung Ihnen eine andere genannt hat. Lassen Sie ein Feld leer, wenn Sie den Dienst nicht nutzen.
setup-field-id = Kontoname
setup-field-id-hint = Kurz, aus Kleinbuchstaben, Ziffern und Bindestrichen, zum Beispiel „dienst“.
setup-field-display-name = Anzeigename
setup-field-imap = Posteingangsserver (IMAP)
setup-field-imap-hint = imaps://host:993 (verschlüsselt) oder imap://host:143 (STARTTLS)
setup-field-smtp = Postausgangsserver (SMTP)
setup-field-smtp-hint = submissions://host:465 (verschlüsselt) oder submission://host:587 (STARTTLS)
setup-field-mail-user = Anmeldename für E-Mail
setup-field-caldav = Kalenderadresse (CalDAV)
setup-field-carddav = Adressbuchadresse (CardDAV)
setup-field-webdav = Dateiadresse (WebDAV)
setup-field-matrix = Chat-Server (Matrix)
setup-field-dav-user = Anmeldename für Kalender, Adressbuch, Dateien und Chat
setup-field-dav-user-hint = Meist der Teil Ihrer Adresse vor dem @.
setup-test = Verbindung prüfen
setup-testing = Die Verbindung zu jedem Server wird geprüft …
setup-test-ok = Alle Dienste funktionieren.
setup-test-failed = Einige Dienste funktionieren noch nicht. Unten steht, was zu tun ist.
setup-test-offline = Einige Server sind gerade nicht erreichbar. Sie können das Konto speichern; Werkbank verbindet sich, sobald sie wieder da sind.
setup-save = Konto speichern
setup-save-needs-test = Prüfen Sie zuerst die Verbindung; sobald sie funktioniert, lässt sich das Konto speichern.
setup-saved = Das Konto { $name } ist eingerichtet.
setup-saved-hint = Werkbank gleicht es jetzt im Hintergrund ab; die Statusleiste unten zeigt den Fortschritt.
setup-finish = Loslegen
setup-privacy = Werkbank verbindet sich nur mit den hier angezeigten Servern und denen, die Ihre Organisation erlaubt. Nichts wird anderswohin gesendet.
setup-invalid-email = Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein.
setup-password-required = Geben Sie Ihr Passwort ein.
setup-invalid-id = Verwenden Sie Kleinbuchstaben, Ziffern und Bindestriche, beginnend mit einem Buchstaben oder einer Ziffer.
setup-invalid-imap = Verwenden Sie imaps://host oder imap://host, optional mit :Port.
setup-invalid-smtp = Verwenden Sie submissions://host oder submission://host, optional mit :Port.
setup-missing-imap = Für E-Mail wird auch ein IMAP-Server gebraucht.
setup-missing-smtp = Für E-Mail wird auch ein SMTP-Server gebraucht.
setup-invalid-https = Verwenden Sie eine https://-Adresse.
setup-no-services = Geben Sie mindestens einen Server ein.
check-ok = Funktioniert
check-failed = Funktioniert nicht
checks-label = Prüfergebnisse je Dienst
check-fingerprint = Fingerabdruck des Zertifikats (SHA-256):
trust-button = Diesem Zertifikat vertrauen …
trust-dialog-title = Diesem Zertifikat vertrauen?
trust-dialog-body = Vergleichen Sie diesen Fingerabdruck Zeichen für Zeichen mit dem, den Ihre IT-Abteilung Ihnen genannt hat:
trust-dialog-warning = Fahren Sie nur fort, wenn beide übereinstimmen. Ein falsches Zertifikat erlaubt Dritten, Ihre E-Mails und Ihr Passwort mitzulesen.
trust-confirm = Zertifikat vertrauen
trust-forbidden-title = Zertifikaten von Hand zu vertrauen ist hier nicht erlaubt.
trust-forbidden-body = Ihre Organisation erlaubt nicht, Zertifikaten von Hand zu vertrauen. Bitten Sie Ihre IT-Abteilung, die richtige Zertifizierungsstelle zu installieren, und prüfen Sie dann erneut.
trust-not-allowed-title = Ihre IT-Abteilung muss dieses Zertifikat installieren.
trust-not-allowed-body = Ihre Organisation erlaubt nicht, Zertifikaten in Werkbank von Hand zu vertrauen. Geben Sie Ihrer IT-Abteilung den Fingerabdruck oben: Sie installiert das Zertifikat oder die Zertifizierungsstelle, die es ausgestellt hat, auf diesem Computer. Prüfen Sie danach erneut.
pending-title = Von Ihrer Organisation vorbereitet
pending-lead = Ihre IT-Abteilung hat diese Konten für Sie eingerichtet. Geben Sie Ihr Passwort ein, um sie zu nutzen.
pending-account = Konto { $id }
pending-store = Passwort speichern
pending-stored = Das Passwort ist im Schlüsselbund Ihres Systems gespeichert.

## Desktop-App: Einstellungen

settings-title = Einstellungen
settings-sections = Bereiche der Einstellungen
settings-accounts = Konten
settings-language = Sprache
settings-theme = Darstellung
settings-notifications = Benachrichtigungen
settings-locked = Von Ihrer Organisation gesperrt.
settings-locked-by = Von Ihrer Organisation gesperrt ({ $file }).
settings-policy-in-force = Einige Einstellungen verwaltet Ihre Organisation ({ $file }).
settings-saved-automatically = Änderungen werden automatisch gespeichert.
settings-language-legend = Sprache von Werkbank
settings-language-hint = Standardmäßig folgt Werkbank der Sprache Ihres Betriebssystems.
settings-language-system = Wie das Betriebssystem
settings-language-de = Deutsch
settings-language-en = English
settings-theme-legend = Farbschema
settings-theme-hint = „Wie das Betriebssystem“ wechselt mit Ihrem Desktop zwischen hell und dunkel.
settings-theme-system = Wie das Betriebssystem
settings-theme-light = Hell
settings-theme-dark = Dunkel
settings-theme-high-contrast = Hoher Kontrast
settings-notifications-enabled = Benachrichtigungen anzeigen
settings-notifications-enabled-hint = Neue E-Mails, Einladungen und Chat-Nachrichten erscheinen als Desktop-Benachrichtigung.
settings-notifications-sound = Ton abspielen
settings-notifications-sound-hint = Ein kurzer Ton bei jeder Benachrichtigung.
accounts-lead = Die Konten, die Werkbank für E-Mail, Kalender, Kontakte, Chat und Dateien verwendet.
accounts-add = Konto hinzufügen
accounts-empty = Noch keine Konten
accounts-empty-hint = Fügen Sie Ihr dienstliches Konto hinzu, um mit E-Mail, Kalender und den anderen Modulen zu beginnen.
accounts-services = Dienste
accounts-provisioned = Von Ihrer Organisation bereitgestellt
accounts-provisioned-cannot-remove = Dieses Konto verwaltet Ihre Organisation: Seine Server lassen sich hier nicht ändern, und es kann hier nicht entfernt werden.
accounts-password-command = Das Passwort kommt aus einem für dieses Konto eingerichteten Passwortbefehl.
accounts-edit = Bearbeiten
accounts-edit-label = Servereinstellungen von { $name } bearbeiten
edit-title = Servereinstellungen von { $name }
edit-lead = Ändern Sie Adressen und Benutzernamen, prüfen Sie sie und speichern Sie dann. Das gespeicherte Passwort bleibt unverändert.
edit-save = Änderungen speichern
edit-unchanged = Noch nichts geändert.
edit-saved = Die neuen Einstellungen von { $name } sind gespeichert.
accounts-test = Prüfen
accounts-test-label = Prüfen: { $name }
accounts-password = Passwort ändern
accounts-password-label = Passwort ändern: { $name }
accounts-password-stored = Das neue Passwort ist gespeichert. Prüfen Sie das Konto, um es zu testen.
accounts-remove = Entfernen
accounts-remove-label = Entfernen: { $name }
accounts-removed = Das Konto { $id } wurde entfernt.
accounts-removed-with-warnings = Das Konto { $id } wurde entfernt. { $count ->
        [one] Ein Server konnte nicht benachrichtigt werden; auf diesem Computer ist nichts mehr davon gespeichert.
       *[other] { $count } Server konnten nicht benachrichtigt werden; auf diesem Computer ist nichts mehr davon gespeichert.
    }
remove-title = { $name } entfernen?
remove-body = Werkbank meldet sich bei allen Diensten von { $email } ab und löscht das gespeicherte Passwort.
remove-body-local = Ihre E-Mails, Termine und Dateien bleiben auf den Servern; nur dieser Computer vergisst sie.
remove-confirm = Konto entfernen
password-title = Neues Passwort für { $name }
password-hint = Werkbank legt es im Schlüsselbund Ihres Systems ab.
password-store = Passwort speichern

## Warum ein Zertifikat abgelehnt wird (der Grund in error-certificate-untrusted).

cert-reason-unknown-issuer = es wurde von einer unbekannten Zertifizierungsstelle ausgestellt
cert-reason-expired = es ist abgelaufen
cert-reason-not-valid-yet = es ist noch nicht gültig
cert-reason-wrong-host = es wurde für einen anderen Servernamen ausgestellt
cert-reason-revoked = es wurde widerrufen
cert-reason-bad-signature = seine Signatur ist ungültig

## Mail schreiben: Zitieren, Weiterleiten, Postausgang
mail-quote-attribution = Am { $date } um { $time } schrieb { $name }:
mail-forward-header = -------- Weitergeleitete Nachricht --------
mail-forward-subject = Betreff
mail-forward-date = Datum
mail-forward-from = Von
mail-forward-to = An
mail-forward-cc = Kopie
mail-outbox-queued = Wartet auf den Versand
mail-outbox-submitting = Wird gesendet …
mail-outbox-accepted = Gesendet; wird unter „Gesendet“ abgelegt
mail-outbox-filed = Gesendet
mail-outbox-uncertain = Zustellung unklar
mail-outbox-uncertain-hint = Werkbank wurde während des Sendens beendet und weiß nicht, ob der Server die Nachricht erhalten hat. Prüfen Sie die Antwort des Empfängers oder Ihren Ordner „Gesendet“ und senden Sie sie dann erneut oder verwerfen Sie sie.
mail-outbox-rejected = Vom Server abgelehnt
mail-outbox-retry = Erneut senden
mail-outbox-discard = Verwerfen

## Mail view: folders, message list, reader, search, shortcuts.

mailview-folders = Ordner
mailview-messages = Nachrichten
mailview-reader = Nachricht
mailview-folder-unread = { $unread } ungelesen
mailview-role-inbox = Posteingang
mailview-role-drafts = Entwürfe
mailview-role-sent = Gesendet
mailview-role-trash = Papierkorb
mailview-role-junk = Spam
mailview-role-archive = Archiv
mailview-no-account = Noch kein Konto mit E-Mail.
mailview-no-account-hint = Fügen Sie eines unter Einstellungen → Konten hinzu.
mailview-empty-folder = Dieser Ordner ist leer.
mailview-empty-folder-hint = Neue Nachrichten erscheinen hier, sobald sie ankommen.
mailview-loading = Nachrichten werden geladen …
mailview-count = { $count ->
    [one] 1 Nachricht
   *[other] { $count } Nachrichten
}
mailview-row-unread = ungelesen
mailview-row-flagged = markiert
mailview-row-attachment = mit Anhang
mailview-no-subject = (kein Betreff)
mailview-nothing-open = Keine Nachricht ausgewählt.
mailview-nothing-open-hint = Wählen Sie eine Nachricht aus der Liste, oder nutzen Sie die Pfeiltasten und die Eingabetaste.
reader-cc = Kopie (CC)
reader-reply-to = Antwort an
reader-body-title = Text der Nachricht
reader-body-empty = Diese Nachricht enthält keinen Text.
reader-body-truncated = Der Text ist sehr lang und wurde gekürzt; das Ende fehlt hier.
reader-phishing-title = Vorsicht: Diese Nachricht könnte ein Betrugsversuch sein
reader-phishing-advice = Öffnen Sie keine Links oder Anhänge daraus und senden Sie keine persönlichen Daten, bis Sie auf anderem Weg (zum Beispiel telefonisch) geprüft haben, dass sie echt ist.
reader-hint-name-contains-other-address = Der Name des Absenders zeigt die Adresse { $shown }, die Nachricht kommt aber von { $actual }.
reader-hint-impersonates-contact = Der Absender verwendet den Namen { $name } eines Ihrer Kontakte, schreibt aber von { $actual } statt von { $known }.
reader-hint-lookalike-domain = Die Domain des Absenders { $domain } sieht aus wie { $resembles }, ist aber eine andere.
reader-hint-mixed-script-domain = Die Domain des Absenders { $domain } mischt Buchstaben verschiedener Alphabete – ein häufiger Trick, um einen bekannten Namen nachzuahmen.
reader-hint-reply-to-other-domain = Antworten gingen an { $replyTo }, nicht an die Domain des Absenders { $from }.
reader-hint-first-message = Dies ist die erste Nachricht, die Sie von { $address } erhalten.
reader-link-deceptive = Der Linktext zeigt „{ $text }“, der Link führt aber zu { $host }.
reader-remote-blocked = { $trackers ->
    [0] Bilder aus dem Internet werden zum Schutz Ihrer Privatsphäre blockiert ({ $count }).
   *[other] Bilder aus dem Internet werden zum Schutz Ihrer Privatsphäre blockiert ({ $count }, davon { $trackers } vermutlich Zählpixel zur Nachverfolgung).
}
reader-remote-load-message = Für diese Nachricht laden
reader-remote-always-sender = Immer für { $sender }
reader-remote-locked = Ihre Organisation erlaubt keine Bilder aus dem Internet in Nachrichten.
reader-remote-allowed-setting = Bilder aus dem Internet werden angezeigt, wie in den Einstellungen festgelegt.
reader-remote-allowed-sender = Bilder aus dem Internet werden angezeigt, weil Sie sie für { $sender } erlaubt haben.
reader-remote-allowed-message = Bilder aus dem Internet werden für diese Nachricht angezeigt, bis Sie Werkbank beenden.
reader-links-title = Links in dieser Nachricht ({ $count })
reader-link-target = führt zu
reader-link-no-text = (ohne Text)
reader-link-blocked = nicht geöffnet (Datei- oder Systemlink)
reader-link-deceptive-short = der Text nennt eine andere Adresse
reader-attachments = Anhänge ({ $count })
reader-attachment-open = Öffnen
reader-attachment-open-label = { $name } öffnen
reader-attachment-save = Speichern …
reader-attachment-save-label = { $name } speichern …
reader-attachment-saved = Gespeichert als { $path }
reader-attachment-confirm-title = Diese Datei öffnen?
reader-attachment-confirm-body = { $name } könnte Ihrem Computer schaden, wenn Sie die Datei öffnen.
reader-attachment-confirm-question = Öffnen Sie sie nur, wenn Sie diese Datei erwartet haben und dem Absender vertrauen.
reader-attachment-confirm-open = Trotzdem öffnen
reader-risk-executable = Dies ist ein Programm (.{ $extension }). Ein Programm aus einer E-Mail kann die Kontrolle über Ihren Computer übernehmen.
reader-risk-executable-type = Diese Datei ist ein Programm. Ein Programm aus einer E-Mail kann die Kontrolle über Ihren Computer übernehmen.
reader-risk-double-extension = Der Name endet auf .{ $shown }, damit die Datei wie ein Dokument aussieht; tatsächlich ist sie ein .{ $real }-Programm.
reader-risk-macros = Dieses Dokument (.{ $extension }) enthält Makros, die beim Öffnen Programme ausführen können.
reader-risk-disk-image = Dies ist ein Datenträgerabbild (.{ $extension }); beim Öffnen kann der Schutz Ihres Computers vor heruntergeladenen Programmen umgangen werden.
reader-size-bytes = { $size } Byte
reader-size-kb = { $size } KB
reader-size-mb = { $size } MB
reader-size-gb = { $size } GB
reader-invitation-title = Einladung: { $summary }
reader-invitation-cancel-title = Abgesagt: { $summary }
reader-invitation-reply-title = Antwort auf eine Einladung: { $summary }
reader-invitation-untitled = (ohne Titel)
reader-invitation-when = Wann
reader-invitation-where = Wo
reader-invitation-organizer = Organisiert von
reader-invitation-later = Zusagen und Absagen wird hier möglich, sobald der Kalender fertig ist.
reader-attached-title = Angehängte Nachrichten ({ $count })
reader-attached-from = von { $from }
reader-problem-encoding = Ein Teil dieser Nachricht verwendet eine Zeichenkodierung, die nicht sauber gelesen werden konnte; einzelne Zeichen können falsch sein.
reader-problem-nesting = Zu tief ineinander verschachtelte Nachrichten werden nur als Anhänge aufgeführt.
reader-problem-too-large = Diese Nachricht ist sehr groß; nur ihr Anfang wird angezeigt.
reader-problem-styles = Das Layout der Nachricht konnte nicht übernommen werden; sie wird ohne es angezeigt.
mailview-from = Von
mailview-to = An
mailview-date = Datum
mailview-attachments = Anhänge
mailview-opening = Die Nachricht wird geöffnet …
mailview-text-missing = Der Text dieser Nachricht ist offline noch nicht verfügbar.
mailview-conversation = Unterhaltung ({ $count })
mailview-search-label = E-Mail durchsuchen
mailview-search-placeholder = Suchen: Wörter, from:, subject:, is:unread …
search-suggest-label = Suchvorschläge
search-suggest-from = Nachrichten von einer Person
search-suggest-to = Nachrichten an eine Person
search-suggest-subject = Ein Wort im Betreff
search-suggest-folder = Nachrichten in einem Ordner
search-suggest-unread = Ungelesene Nachrichten
search-suggest-read = Gelesene Nachrichten
search-suggest-flagged = Markierte Nachrichten
search-suggest-attachment = Nachrichten mit Anhängen
search-suggest-before = Nachrichten vor einem Tag, etwa { $today }
search-suggest-after = Nachrichten ab einem Tag, etwa { $today }
search-suggest-before-day = Nachrichten vor dem { $day }
search-suggest-after-day = Nachrichten ab dem { $day }
search-suggest-in-folder = Nachrichten im Ordner { $folder }
search-suggest-from-person = Nachrichten von { $person }
search-suggest-to-person = Nachrichten an { $person }
search-suggest-recent = Letzte Suche
mailview-search-results = { $count ->
    [0] Nichts gefunden für „{ $query }“.
    [one] 1 Treffer für „{ $query }“
   *[other] { $count } Treffer für „{ $query }“
}
mailview-search-clear = Suche löschen
mailview-search-server = auf dem Server gefunden
mailview-search-help = Suchbegriffe
mailview-search-help-words = Wörter und "genaue Wortfolgen"; Muller findet auch Müller
mailview-search-help-from = from:Name oder Adresse
mailview-search-help-subject = subject:Wort
mailview-search-help-state = is:unread, is:flagged, has:attachment
mailview-search-help-date = after:2026-01-31, before:2026-12-31
mailview-search-help-folder = folder:Archiv
mailview-action-read = Als gelesen markieren
mailview-action-unread = Als ungelesen markieren
mailview-action-flag = Markieren
mailview-action-unflag = Markierung entfernen
mailview-action-archive = Archivieren
mailview-action-delete = Löschen
mailview-action-refresh = Auf neue E-Mails prüfen
mailview-action-reply = Antworten
mailview-action-reply-all = Allen antworten
mailview-action-forward = Weiterleiten
mailview-action-forward-attachment = Als Anhang weiterleiten
mailview-action-draft-continue = Weiter bearbeiten
mailview-action-compose = Neue Nachricht
mailview-action-shortcuts = Tastenkürzel
mailview-done-archived = Archiviert.
mailview-done-deleted = In den Papierkorb verschoben.
mailview-done-deleted-for-good = Endgültig gelöscht.
mailview-undo = Rückgängig
mailview-confirm-delete-title = Endgültig löschen?
mailview-confirm-delete-body = { $count ->
    [one] Diese Nachricht wird endgültig gelöscht; sie kann nicht wiederhergestellt werden.
   *[other] Diese { $count } Nachrichten werden endgültig gelöscht; sie können nicht wiederhergestellt werden.
}
mailview-confirm-delete = Endgültig löschen
mailview-cancel = Abbrechen
mailview-shortcuts-title = Tastenkürzel
mailview-shortcut-next = Nächste Nachricht
mailview-shortcut-previous = Vorherige Nachricht
mailview-shortcut-open = Nachricht öffnen
mailview-shortcut-reply = Antworten
mailview-shortcut-reply-all = Allen antworten
mailview-shortcut-forward = Weiterleiten
mailview-shortcut-draft-continue = Entwurf weiter bearbeiten
mailview-shortcut-delete = Löschen
mailview-shortcut-archive = Archivieren
mailview-shortcut-unread = Als gelesen oder ungelesen markieren
mailview-shortcut-flag = Markieren oder Markierung entfernen
mailview-shortcut-search = Suchen
mailview-shortcut-compose = Neue Nachricht
mailview-shortcut-help = Diese Tastenkürzel zeigen
mailview-close = Schließen

## Verfassen und Postausgang
compose-link-no-account = Fügen Sie in den Einstellungen ein E-Mail-Konto hinzu, um diese Nachricht zu schreiben. Es wurde nichts gesendet.
compose-open-failed = Die Nachricht konnte nicht vorbereitet werden: { $reason }
compose-title-new = Neue Nachricht
compose-title-reply = Antworten
compose-title-reply-all = Allen antworten
compose-title-forward = Weiterleiten
compose-title-draft = Entwurf
compose-close = Schließen
compose-from = Von
compose-to = An
compose-cc = Kopie (Cc)
compose-bcc = Blindkopie (Bcc)
compose-add-cc = Kopie hinzufügen
compose-add-bcc = Blindkopie hinzufügen
compose-subject = Betreff
compose-body = Text der Nachricht
compose-forward-as = Weiterleiten
compose-forward-inline = Im Text
compose-forward-attachment = Als Anhang
compose-forward-fixed = Nur änderbar, solange der Text nicht bearbeitet wurde.
compose-attachments = Anhänge
compose-attach-files = Dateien anhängen…
compose-attach-drop-hint = oder Dateien auf dieses Fenster ziehen
compose-attachment-message = Die ursprüngliche Nachricht (als Anhang)
compose-attachment-originals = Die Anhänge der ursprünglichen Nachricht
compose-attachment-draft = Die mit dem Entwurf gespeicherten Anhänge
compose-attachment-remove = { $name } entfernen
compose-address-edit = { $address } bearbeiten
compose-address-edit-invalid = { $address } bearbeiten, keine gültige E-Mail-Adresse
compose-address-remove = { $address } entfernen
compose-address-invalid = { $count ->
    [one] Keine gültige E-Mail-Adresse: { $addresses }
   *[other] Keine gültigen E-Mail-Adressen: { $addresses }
}
compose-problem-no-recipient = Geben Sie mindestens einen Empfänger an.
compose-problem-invalid = Korrigieren oder entfernen Sie diese Adressen vor dem Senden: { $addresses }
compose-close-failed = Der Entwurf konnte nicht gespeichert werden, deshalb bleibt das Fenster offen. Sichern Sie Ihren Text an anderer Stelle oder verwerfen Sie die Nachricht.
compose-status-saving = Wird gespeichert…
compose-status-saved = Gespeichert um { $time }
compose-status-failed = Nicht gespeichert: { $reason }
compose-status-local-only = Auf diesem Computer gespeichert, noch nicht auf dem Server.
compose-discard = Verwerfen
compose-save = Entwurf speichern
compose-send = Senden
compose-keys-hint = Strg+Eingabe sendet · Escape schließt und behält den Entwurf
compose-ask-subject-title = Ohne Betreff senden?
compose-ask-subject-body = Die Empfänger sehen die Nachricht ohne Betreffzeile.
compose-ask-subject-back = Betreff eingeben
compose-ask-attachment-title = Nichts angehängt
compose-ask-attachment-body = Ihr Text erwähnt einen Anhang, es ist aber keine Datei angehängt.
compose-send-anyway = Trotzdem senden
compose-discard-title = Diese Nachricht verwerfen?
compose-discard-body = Der Text und sein Entwurf werden gelöscht, hier und auf dem Server.
compose-keep-writing = Weiter schreiben
compose-draft-kept = Die Nachricht wurde in den Entwürfen behalten.
compose-draft-kept-local = Die Nachricht wurde als Entwurf auf diesem Computer behalten; sie kommt in den Entwürfe-Ordner des Servers, sobald der Server erreichbar ist.
compose-discarded = Die Nachricht wurde verworfen.
compose-sent = Gesendet.
compose-sent-filing = Gesendet; sie wird unter „Gesendet“ abgelegt.
compose-sent-queued = Wartet auf den Versand: { $reason }. Sie wird gesendet, sobald der Server erreichbar ist.
compose-sent-queued-plain = Wartet auf den Versand. Sie wird gesendet, sobald der Server erreichbar ist.
compose-sent-rejected = Der Server hat die Nachricht abgelehnt: { $reason }. Sie bleibt im Postausgang.
compose-sent-uncertain = Werkbank konnte nicht bestätigen, dass die Nachricht zugestellt wurde. Sehen Sie im Postausgang nach.
compose-open-outbox = Postausgang öffnen
compose-notice-dismiss = Ausblenden
compose-shortcut-forward-attachment = Als Anhang weiterleiten
compose-rich-mode = Textformat
compose-rich-plain = Nur Text
compose-rich-formatted = Formatiert
compose-rich-toolbar = Formatierung
compose-rich-bold = Fett
compose-rich-bold-short = F
compose-rich-italic = Kursiv
compose-rich-italic-short = K
compose-rich-underline = Unterstrichen
compose-rich-underline-short = U
compose-rich-bullets = • Liste
compose-rich-numbers = 1. Liste
compose-rich-quote = Zitat
compose-rich-link = Link
compose-rich-clear = Formatierung entfernen
compose-rich-link-label = Linkadresse
compose-rich-link-add = Link einfügen
compose-rich-link-cancel = Abbrechen
compose-rich-link-invalid = Verlinken können Sie nur Adressen, die mit https://, http:// oder mailto: beginnen.
compose-rich-to-plain-title = Zu reinem Text wechseln?
compose-rich-to-plain-body = Fett, Kursiv, Unterstreichungen, Listen und Links werden entfernt. Der Text bleibt erhalten.
compose-rich-to-plain-keep = Formatierung behalten
compose-rich-to-plain-confirm = Zu reinem Text wechseln
outbox-title = Postausgang
outbox-count = { $count ->
    [one] 1 Nachricht
   *[other] { $count } Nachrichten
}
outbox-count-waiting = noch nicht gesendet
outbox-empty = Der Postausgang ist leer.
outbox-empty-hint = Nachrichten warten hier, bis der Server sie angenommen hat.
outbox-no-subject = (kein Betreff)
outbox-state-queued = Wartet
outbox-state-submitting = Wird gesendet…
outbox-state-accepted = Gesendet, wird unter „Gesendet“ abgelegt
outbox-state-filed = Gesendet
outbox-state-uncertain = Zustellung unsicher
outbox-state-rejected = Vom Server abgelehnt
outbox-to = An
outbox-written = Geschrieben
outbox-attempts-label = Versuche
outbox-attempts = { $count ->
    [0] noch nicht versucht
    [one] 1 Versuch
   *[other] { $count } Versuche
}
outbox-last-error = Letzter Fehler
outbox-queued-explain = Werkbank sendet diese Nachricht von selbst, sobald der Server erreichbar ist.
outbox-uncertain-explain = Werkbank konnte nicht bestätigen, ob diese Nachricht zugestellt wurde. Sie wurde nicht unter „Gesendet“ gefunden. Senden Sie sie nur dann erneut, wenn der Empfänger sie nicht erhalten hat.
outbox-rejected-explain = Der Server hat diese Nachricht nicht angenommen. Prüfen Sie die Adressen und den Grund oben, und senden Sie sie dann erneut oder verwerfen Sie sie.
outbox-retry = Erneut senden
outbox-discard = Verwerfen
outbox-cancel = Abbrechen
outbox-confirm-retry-title = Diese Nachricht erneut senden?
outbox-confirm-retry-uncertain = „{ $subject }“ ist möglicherweise schon angekommen. Dann erhalten die Empfänger sie zweimal.
outbox-confirm-retry-body = „{ $subject }“ wird noch einmal an den Server gesendet.
outbox-confirm-discard-title = Diese Nachricht verwerfen?
outbox-confirm-discard-body = „{ $subject }“ wird aus dem Postausgang entfernt und nicht gesendet. Das lässt sich nicht rückgängig machen.
