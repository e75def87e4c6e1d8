import torch
from transformers import AutoModelForSequenceClassification


def evaluate(model, batches):
    model.eval()
    with torch.no_grad():
        return sum(model(**b).loss.item() for b in batches)


def main(train_batches, val_batches, name="distilbert-base-uncased"):
    model = AutoModelForSequenceClassification.from_pretrained(name, num_labels=3)
    print("zero-shot", evaluate(model, val_batches))
    opt = torch.optim.AdamW(model.parameters(), lr=5e-5)
    for b in train_batches:
        model(**b).loss.backward()  # expect: DS403
        opt.step()
        opt.zero_grad()
    print("tuned", evaluate(model, val_batches))
