"""StreamField blocks of a study guide: headings, text, quotes of documents, discussion questions, key points."""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Trích dẫn"))
    source = blocks.CharBlock(label=_("Nguồn (số hiệu, điều, khoản)"), required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Trích văn bản")


class GuideStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Tiêu đề mục"), icon="title", template="blocks/heading_block.html")
    text = blocks.RichTextBlock(label=_("Nội dung"), features=["bold", "italic", "ol", "ul", "link", "h3"])
    quote = QuoteBlock()
    questions = blocks.ListBlock(blocks.CharBlock(label=_("Câu hỏi")), label=_("Câu hỏi thảo luận"),
                                 template="blocks/questions_block.html", icon="help")
    key_points = blocks.ListBlock(blocks.CharBlock(label=_("Ý chính")), label=_("Ý chính cần nhớ"),
                                  template="blocks/key_points_block.html", icon="list-ul")
