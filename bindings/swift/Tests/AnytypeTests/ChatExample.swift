// The README's files and chat example ("Files and chat"), compiled and run by `ChatExampleTests`.
// The code between the markers must stay identical to the block in README.md (a test checks it).

import Anytype
import Foundation

// chat:begin
/// Upload and download a file, then answer the first `ping` of a new chat with a `pong`.
func chatBotExample(client: AnytypeClient, spaceId: String, folder: String) async throws -> ChatMessage? {
    let files = client.files(spaceId: spaceId)
    let uploaded = try await files.upload(path: "\(folder)/report.pdf") // streamed from disk
    _ = try await files.download(fileId: uploaded.objectId, path: "\(folder)/copy.pdf") // via copy.pdf.part

    let chats = client.chats(spaceId: spaceId)
    let chat = try await chats.create(request: CreateChatRequest(name: "Bots"))
    _ = try await chats.addMessage(chatId: chat.id, message: NewMessage(text: "ping"))
    // Reconnects by itself after a drop and fills the gap: every message once, in order. Leaving
    // the loop closes the connection.
    for try await event in chats.events(chatId: chat.id) {
        guard case .messageAdded(let message) = event else { continue }
        if message.content.text == "ping" {
            _ = try await chats.addMessage(
                chatId: chat.id, message: NewMessage(text: "pong", replyToMessageId: message.id))
        } else if message.content.text == "pong" {
            return message
        }
    }
    return nil
}
// chat:end
