# Own transcription of RankLib AdaRank semantics (codelibs/ranklib e43f605), NDCG@k scorer.
import math
def selection_sort_desc(v):           # RankLib Sorter.sort(double[], false): unstable selection sort w/ swap
    idx=list(range(len(v)))
    for i in range(len(v)-1):
        m=i
        for j in range(i+1,len(v)):
            if v[idx[m]] < v[idx[j]]: m=j
        idx[i],idx[m]=idx[m],idx[i]
    return idx
def stable_desc(v): return sorted(range(len(v)), key=lambda i:-v[i])   # MergeSorter: stable descending
GAIN=lambda r:(1<<r)-1
DISC=lambda i:1.0/math.log2(i+2)
def ndcg_at(labels_in_rank_order, k):
    n=len(labels_in_rank_order)
    if n==0: return 0.0
    size = n if (k>n or k<=0) else k
    ideal_order = [labels_in_rank_order[i] for i in selection_sort_desc(labels_in_rank_order)]
    ideal=sum(GAIN(int(ideal_order[i]))*DISC(i) for i in range(size))
    if ideal<=0: return 0.0
    return sum(GAIN(int(labels_in_rank_order[i]))*DISC(i) for i in range(size))/ideal
def E_weak(q,f,k): return ndcg_at([q['y'][i] for i in selection_sort_desc([x[f] for x in q['X']])],k)
def E_model(q,model,k):
    sc=[sum(a*x[f] for f,a in model) for x in q['X']]
    return ndcg_at([q['y'][i] for i in stable_desc(sc)],k)
def adarank(Q, nfeat, k=10, n_iter=500, tol=0.002, enqueue=True, max_sel=5, log=print):
    st=dict(sw=[1.0/len(Q)]*len(Q), model=[], last_feat=-1, cons=0, used=set(), queue=[], backup=None, backup_score=0.0, last_score=-1.0)
    def learn_weak():
        best,bf=-1.0,None
        for f in range(nfeat):
            if f in st['queue'] or f in st['used']: continue
            s=sum(E_weak(q,f,k)*w for q,w in zip(Q,st['sw']))
            if best < s: best,bf=s,f
        return bf
    def learn(t0, withq):
        t=t0
        while t<=n_iter:
            f=learn_weak()
            if f is None: break
            if withq:
                if f==st['last_feat']:
                    st['queue'].append(f); st['model'].pop(); st['sw']=list(st['backup']); st['last_score']=st['backup_score']
                    log(f" t={t} feature {f} selected twice in a row -> enqueue + ROLLBACK"); t+=1; continue
                st['last_feat']=f; st['backup']=list(st['sw']); st['backup_score']=st['last_score']
            Es=[E_weak(q,f,k) for q in Q]
            num=sum(w*(1+e) for w,e in zip(st['sw'],Es)); den=sum(w*(1-e) for w,e in zip(st['sw'],Es))
            alpha=0.5*math.log(num/den) if den>0 else math.inf
            st['model'].append((f,alpha))
            Ec=[E_model(q,st['model'],k) for q in Q]
            total=sum(math.exp(-alpha*e) for e in Ec); score=sum(Ec)/len(Q)
            delta=score+tol-st['last_score']
            if not withq:
                if score!=st['last_score']: st['cons']=0; st['used'].clear()
                elif st['last_feat']==f:
                    st['cons']+=1
                    if st['cons']==max_sel: st['cons']=0; st['used'].add(f)
                else: st['cons']=0; st['used'].clear()
                st['last_feat']=f
            log(f" t={t} feat={f} E_weak={[round(e,6) for e in Es]} alpha={alpha:.6f} E_comb={[round(e,6) for e in Ec]} meanE={score:.6f} delta={delta:.6f}")
            if delta<=0: st['model'].pop(); log("  stop: no improvement > -tol; last weak ranker removed"); break
            st['last_score']=score
            st['sw']=[w*math.exp(-alpha*e)/total for w,e in zip(st['sw'],Ec)]
            log(f"  new sample weights={[round(w,6) for w in st['sw']]} (sum={sum(st['sw']):.6f})")
            t+=1
        return t
    if enqueue:
        t=learn(1,True)
        while st['queue']:
            st['queue'].pop(); t=learn(t,False)
    else: learn(1,False)
    return st['model']
if __name__=="__main__":
    print("selection sort desc of [1,1,2]:", selection_sort_desc([1,1,2]), " stable:", stable_desc([1,1,2]))
    Q=[dict(X=[[0.9,0.1],[0.2,0.8],[0.5,0.5]], y=[0,2,1]),
       dict(X=[[0.3,0.6],[0.7,0.2],[0.1,0.9]], y=[1,0,2]),
       dict(X=[[0.8,0.3],[0.4,0.4],[0.6,0.7]], y=[2,0,1])]
    m=adarank(Q,2,k=10)
    print("model:",[(f,round(a,6)) for f,a in m])
    L=sum(math.exp(-E_model(q,m,10)) for q in Q)/len(Q); print("AdaRank loss mean exp(-E) = %.6f"%L)
